// The two pages of a campaign. Both load one same-origin script (the CSP allows no inline script),
// and neither echoes anything from the URL into the HTML: the campaign id and the sign-up token are
// read by the script, so there is nothing to inject.
// - `/auth/campaign/<id>`: the link on a website or in a newsletter; a form that POSTs an address
//   to the same path and always shows the same confirmation.
// - `/auth/campaign-signup#<token>`: the mailed link; the token is in the fragment (never sent to a
//   server), the address bar is cleaned at once, and only a click POSTs it (mail scanners prefetch).
const head = (title: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<script src="/auth/campaign.js" defer></script>
</head>`;

export const CAMPAIGN_PAGE_HTML = `${head('Sign up for a webinar')}
<body>
<main data-page="campaign">
<h1>Sign up for a webinar</h1>
<form id="answer">
<label for="email">Your e-mail address</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254">
<button type="submit">Send me a sign-up link</button>
</form>
<p id="status" role="status"></p>
</main>
</body>
</html>
`;

export const CAMPAIGN_SIGNUP_PAGE_HTML = `${head('Confirm your sign-up')}
<body>
<main data-page="signup">
<h1>Confirm your sign-up</h1>
<p id="status">Press the button to create your account and sign in. The link works only once.</p>
<button id="confirm" type="button">Create my account</button>
</main>
</body>
</html>
`;

export const CAMPAIGN_PAGE_SCRIPT = `'use strict';
(function () {
  var main = document.querySelector('main');
  var status = document.getElementById('status');
  var post = function (url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    });
  };
  if (main && main.getAttribute('data-page') === 'campaign') {
    var form = document.getElementById('answer');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var email = document.getElementById('email').value;
      post(window.location.pathname, { email: email }).then(function (response) {
        status.textContent = response.status === 429
          ? 'Too many attempts; try again in a few minutes.'
          : 'Thank you. If sign-up is possible, a link is on its way to this address.';
      }, function () {
        status.textContent = 'The network failed; try again.';
      });
    });
    return;
  }
  var token = window.location.hash.slice(1);
  window.history.replaceState(null, '', window.location.pathname);
  var button = document.getElementById('confirm');
  if (!token) {
    status.textContent = 'This link is incomplete. Answer the invitation again.';
    button.disabled = true;
    return;
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = 'Signing up…';
    post('/auth/campaign-signups/redeem', { token: token }).then(function (response) {
      token = '';
      if (response.ok) {
        window.location.replace('/');
      } else {
        status.textContent = 'This link is invalid, expired or already used. Answer the invitation again.';
      }
    }, function () {
      button.disabled = false;
      status.textContent = 'The network failed; try again.';
    });
  });
})();
`;
