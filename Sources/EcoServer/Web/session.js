// Who is signed in: an API key or a session token (JWT from /api/v1/auth/login), kept for this
// browser tab only (sessionStorage), and what it may do (permissions from /api/v1/auth/me).

const storageKey = 'ecotrack.credential';
const listeners = new Set();

function stored() {
  try { return JSON.parse(sessionStorage.getItem(storageKey)) || null; } catch { return null; }
}

export const session = {
  /** The /api/v1/auth/me answer for the current credential; null when anonymous. */
  me: null,

  /** The bearer credential to send, or null (anonymous, or a token that has expired). */
  credential() {
    const saved = stored();
    if (!saved) return null;
    if (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) {
      this.signOut('Your session ended; sign in again.');
      return null;
    }
    return saved.value;
  },

  /** Whether the signed-in caller holds a permission (`run:analysis`, `manage:models` …). */
  can(permission) {
    return Boolean(this.me && this.me.permissions.includes(permission));
  },

  role() {
    if (!this.me) return 'anonymous';
    return this.me.user ? this.me.user.role : this.me.credential;
  },

  /** Loads /auth/me for the stored credential; clears a credential the server refuses. */
  async restore() {
    const credential = this.credential();
    if (!credential) { this.me = null; return null; }
    const response = await fetch('/api/v1/auth/me', { headers: { Authorization: `Bearer ${credential}`, Accept: 'application/json' } });
    if (response.status === 401) { this.signOut('The saved key or session is no longer valid; sign in again.'); return null; }
    if (!response.ok) throw new Error(`Could not check who you are (HTTP ${response.status}).`);
    this.me = await response.json();
    notify();
    return this.me;
  },

  /** Signs in with an API key; throws a readable error when the key is refused. */
  async useKey(key) {
    const value = key.trim();
    const response = await fetch('/api/v1/auth/me', { headers: { Authorization: `Bearer ${value}`, Accept: 'application/json' } });
    if (!response.ok) throw new Error(await problemText(response, 'That API key was not accepted.'));
    sessionStorage.setItem(storageKey, JSON.stringify({ kind: 'key', value }));
    this.me = await response.json();
    notify();
  },

  /** Signs in with e-mail and password (POST /api/v1/auth/login → short-lived token). */
  async login(email, password) {
    const response = await fetch('/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(await problemText(response, 'The e-mail or password was not accepted.'));
    const token = await response.json();
    sessionStorage.setItem(storageKey, JSON.stringify({ kind: 'token', value: token.accessToken, expiresAt: token.expiresAt }));
    await this.restore();
  },

  /** Forgets the credential; `reason` is shown on the sign-in page. */
  signOut(reason) {
    sessionStorage.removeItem(storageKey);
    this.me = null;
    this.reason = reason || null;
    notify();
  },

  /** A call to the API answered 401 for the credential we sent. */
  expired() {
    if (stored()) this.signOut('The server no longer accepts your key or session; sign in again.');
  },

  onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); },
};

function notify() { for (const listener of listeners) listener(session.me); }

async function problemText(response, fallback) {
  try {
    const problem = await response.json();
    return problem.detail || fallback;
  } catch { return fallback; }
}
