"""Safety: the red-flag screen, referrals and the words around them."""
