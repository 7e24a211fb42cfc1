// The index page's one form: asks auth to mail a sign-in link (`POST /auth/login-links`, same origin).
// auth answers 202 whether or not the address has an account, so the page says the same either way.
const form = document.getElementById('sign-in-form');
const status = document.getElementById('sign-in-status');
const email = document.getElementById('email');

if (form instanceof HTMLFormElement && status && email instanceof HTMLInputElement) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.textContent = 'Sending…';
    fetch('/auth/login-links', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email.value.trim() }),
    }).then(
      (response) => {
        status.textContent =
          response.status === 202
            ? 'If this address has an account, a sign-in link is on its way. It works once, for 10 minutes.'
            : response.status === 429
              ? 'Too many requests; wait a few minutes and try again.'
              : 'That did not work; check the address and try again.';
      },
      () => {
        status.textContent = 'The network failed; try again.';
      },
    );
  });
}
