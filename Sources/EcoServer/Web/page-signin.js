// Sign in with an API key or with e-mail and password (a session token from /api/v1/auth/login).
import { fill, h } from './dom.js';
import { session } from './session.js';

export function mount(view) {
  const reason = session.reason ? h('p', { class: 'notice', role: 'status' }, session.reason) : null;
  session.reason = null;
  if (session.me) {
    view.append(h('h2', {}, 'Signed in'), h('p', {}, `You are signed in as ${session.me.user ? session.me.user.email : 'an API key'} (${session.role()}).`),
      h('p', {}, `Permissions: ${session.me.permissions.join(', ') || 'none'}.`),
      h('button', { type: 'button', class: 'secondary', onclick: () => { session.signOut(); fill(view); mount(view); } }, 'Sign out'));
    return null;
  }
  const keyError = h('p', { role: 'alert' });
  const key = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true, placeholder: 'eco_…' });
  const keyForm = h('form', { class: 'stack', onsubmit: async (event) => {
    event.preventDefault();
    try { await session.useKey(key.value); location.hash = '#/overview'; } catch (error) { keyError.className = 'error'; keyError.textContent = error.message; }
  } }, h('label', {}, 'API key', key), keyError, h('button', { type: 'submit' }, 'Sign in with key'));

  const loginError = h('p', { role: 'alert' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const loginForm = h('form', { class: 'stack', onsubmit: async (event) => {
    event.preventDefault();
    try { await session.login(email.value, password.value); location.hash = '#/overview'; } catch (error) { loginError.className = 'error'; loginError.textContent = error.message; }
  } }, h('label', {}, 'E-mail', email), h('label', {}, 'Password', password), loginError, h('button', { type: 'submit' }, 'Sign in'));

  view.append(h('h2', {}, 'Sign in'), reason,
    h('p', {}, 'Your key or session stays in this browser tab only and is sent to this server alone. Without signing in you see what the server shows to everyone.'),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'with-password' }, h('h3', { id: 'with-password' }, 'With e-mail and password'), loginForm),
      h('section', { class: 'panel', 'aria-labelledby': 'with-key' }, h('h3', { id: 'with-key' }, 'With an API key'), keyForm)));
  return null;
}
