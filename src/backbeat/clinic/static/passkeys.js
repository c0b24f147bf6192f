// Passkeys on the clinic's pages: add one on /account, sign in with one on /signin. Each is two
// requests to the API (/api/v1/passkeys/new/options then /api/v1/passkeys; /api/v1/login/passkey/
// options then /api/v1/login/passkey) around the browser's WebAuthn. The buttons stay hidden in
// a browser without passkeys.

const supported = "PublicKeyCredential" in window && !!navigator.credentials;

function bytes(text) {
  const plain = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(plain + "===".slice((plain.length + 3) % 4)), (c) => c.charCodeAt(0));
}

function text(buffer) {
  const plain = btoa(String.fromCharCode(...new Uint8Array(buffer)));
  return plain.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: bytes(json.challenge),
    user: { ...json.user, id: bytes(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: bytes(c.id) })),
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: bytes(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: bytes(c.id) })),
  };
}

function asJSON(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: text(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = text(r.attestationObject);
    response.transports = r.getTransports ? r.getTransports() : [];
  } else {
    response.authenticatorData = text(r.authenticatorData);
    response.signature = text(r.signature);
    if (r.userHandle) response.userHandle = text(r.userHandle);
  }
  return {
    id: credential.id,
    rawId: text(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

async function send(path, body) {
  const answer = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json = await answer.json().catch(() => ({}));
  return { ok: answer.ok, status: answer.status, json };
}

function said(error) {
  if (error && error.name === "NotAllowedError") return "Nothing was done: it was cancelled or took too long.";
  if (error && error.name === "InvalidStateError") return "This device has a passkey for your account here already.";
  if (error && error.name === "SecurityError") return "Passkeys work only over HTTPS (or on localhost) at this server's own address.";
  return "Your browser could not use a passkey here. Try again, or use your password.";
}

function detail(answer) {
  const text = answer.json && answer.json.detail;
  const words = typeof text === "string" ? text : "something went wrong";
  return words.charAt(0).toUpperCase() + words.slice(1) + ".";
}

function addOnAccount(form) {
  const state = document.getElementById("passkey-state");
  const name = document.getElementById("passkey-name");
  const button = form.querySelector("button");
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    state.textContent = "Follow your browser's steps to make the passkey…";
    try {
      const started = await send("/api/v1/passkeys/new/options", {});
      if (!started.ok) throw new Error(detail(started));
      const credential = await navigator.credentials.create({
        publicKey: creationOptions(started.json.options),
      });
      const finished = await send("/api/v1/passkeys", {
        ceremony: started.json.ceremony,
        credential: asJSON(credential),
        name: name.value,
      });
      if (!finished.ok) throw new Error(detail(finished));
      window.location.assign("/account?said=added");
    } catch (error) {
      state.textContent = error instanceof DOMException ? said(error) : error.message;
      button.disabled = false;
    }
  });
}

function signInWith(button) {
  const state = document.getElementById("passkey-state");
  const email = document.getElementById("email");
  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    state.textContent = "Follow your browser's steps to use your passkey…";
    try {
      const who = email && email.value.trim() ? { email: email.value.trim() } : {};
      const started = await send("/api/v1/login/passkey/options", who);
      if (!started.ok) throw new Error(detail(started));
      const credential = await navigator.credentials.get({
        publicKey: requestOptions(started.json.options),
      });
      const finished = await send("/api/v1/login/passkey", {
        ceremony: started.json.ceremony,
        credential: asJSON(credential),
      });
      if (!finished.ok) throw new Error(detail(finished));
      window.location.assign(button.dataset.next || "/");
    } catch (error) {
      state.textContent = error instanceof DOMException ? said(error) : error.message;
      button.disabled = false;
    }
  });
}

if (supported) {
  const form = document.getElementById("passkey-add");
  if (form) addOnAccount(form);
  const button = document.getElementById("passkey-signin");
  if (button) signInWith(button);
}
