# Sourced by the other scripts: find uv, or install it into a private folder, then sync .venv.
# Works on a fresh machine with only Python 3.11+ and access to PyPI; never touches system Python.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never  # use the machine's Python; never fetch one
export UV_COMPILE_BYTECODE=1  # compiled once at set-up, not at each command's start
if command -v uv >/dev/null 2>&1; then
  UV=uv
else
  tools=".cache/uv-tool"
  if [ ! -x "$tools/bin/uv" ]; then
    echo "backbeat: installing uv (the package manager) into $tools ..." >&2
    python3 -m venv "$tools"
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check uv
  fi
  UV="$tools/bin/uv"
fi
"$UV" sync --frozen --quiet
