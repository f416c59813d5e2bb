// A single-page app signed in to Gatehouse in SPA mode ("transport": "token-cookie").
// Gatehouse sets the access token in __Host-gatehouse-access and the refresh token in
// __Secure-gatehouse-refresh, both HttpOnly: this script never sees a token, the browser keeps and
// sends them. The page must be served from Gatehouse's origin (see README.md).
'use strict';

const $ = (id) => document.getElementById(id);

// Audience "gatehouse": the account API (/v1/me, /v1/logout) takes only tokens issued for it.
async function signIn(username, password) {
  const res = await fetch('/v1/login', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({username, password, transport: 'token-cookie', audience: 'gatehouse'}),
  });
  if (!res.ok) throw await problem(res);
}

// One refresh at a time: calls that meet a 401 together wait for the same one.
let refreshing = null;
function refresh() {
  refreshing ??= fetch('/v1/refresh', {method: 'POST', headers: {'X-Gatehouse-Refresh': '1'}})
    .then((res) => res.ok)
    .finally(() => { refreshing = null; });
  return refreshing;
}

// An API call with the access-token cookie. The cookie lives as long as the token (10 minutes by
// default); once it is gone the call answers 401, and one refresh brings a new one.
async function api(path, options = {}) {
  let res = await fetch(path, options);
  if (res.status === 401 && await refresh()) {
    res = await fetch(path, options);
  }
  return res;
}

async function signOut() {
  const res = await fetch('/v1/logout', {method: 'POST'});
  if (!res.ok && res.status !== 401) throw await problem(res);
}

async function problem(res) {
  try {
    const body = await res.json();
    return new Error(`${body.detail || body.title} (${body.code}, HTTP ${res.status})`);
  } catch {
    return new Error(`HTTP ${res.status}`);
  }
}

async function show() {
  const res = await api('/v1/me');
  const signedIn = res.ok;
  $('sign-in').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  if (signedIn) {
    const me = await res.json();
    $('username').textContent = me.account.username;
    $('session').textContent = me.session.id;
    $('checked').textContent = new Date().toLocaleTimeString();
  } else if (res.status !== 401) {
    throw await problem(res);
  }
}

function report(action) {
  return async (event) => {
    event?.preventDefault();
    $('error').textContent = '';
    try {
      await action();
    } catch (e) {
      $('error').textContent = e.message;
    }
  };
}

$('sign-in').addEventListener('submit', report(async () => {
  const form = $('sign-in');
  await signIn(form.username.value, form.password.value);
  form.password.value = '';
  await show();
}));
$('again').addEventListener('click', report(show));
$('sign-out').addEventListener('click', report(async () => {
  await signOut();
  await show();
}));
report(show)();
