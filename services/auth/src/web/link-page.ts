// The page a link opens. The token is in the URL fragment, which browsers never send to a server, so
// it reaches no access log and no Referer. The script (a same-origin file: the CSP allows no inline
// script) reads it, replaces the address with a clean one at once, and POSTs it only when the
// person clicks: a mail scanner that fetches the page consumes nothing.
export const LINK_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Sign in to Webinar</title>
<script src="/auth/link.js" defer></script>
</head>
<body>
<main>
<h1>Sign in to Webinar</h1>
<p id="status">Press the button to sign in. The link works only once.</p>
<button id="confirm" type="button">Sign in</button>
</main>
</body>
</html>
`;

export const LINK_PAGE_SCRIPT = `'use strict';
(function () {
  var token = window.location.hash.slice(1);
  window.history.replaceState(null, '', window.location.pathname);
  var button = document.getElementById('confirm');
  var status = document.getElementById('status');
  if (!token) {
    status.textContent = 'This link is incomplete. Ask for a new one.';
    button.disabled = true;
    return;
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = 'Signing in…';
    fetch('/auth/links/redeem', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token })
    }).then(function (response) {
      token = '';
      if (response.ok) {
        window.location.replace('/');
      } else {
        status.textContent = 'This link is invalid, expired or already used. Ask for a new one.';
      }
    }, function () {
      button.disabled = false;
      status.textContent = 'The network failed; try again.';
    });
  });
})();
`;
