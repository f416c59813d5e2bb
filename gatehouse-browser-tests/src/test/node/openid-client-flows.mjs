// Runs one step of an OpenID Connect flow with the npm openid-client library (v6), against the
// Gatehouse whose issuer is GH_ISSUER, and prints what happened as one JSON object a line.
// OpenIdClientInteropTest runs it; the steps that need a person (signing in, approving a device)
// are the Java test's, between two runs of this script.
//
//   node openid-client-flows.mjs STEP
//
// Steps: discovery, authorization-url, code (authorization code grant + userinfo + refresh),
// client-credentials (and introspection), device (prints the device authorization, then polls
// until the grant), end-session-url. Inputs come in GH_* environment variables (see `need` calls below). Every
// failure prints {"error": ..., "message": ..., "code": ..., "cause": ...} and exits with 1.
import * as client from 'openid-client';

const env = process.env;

function need(name) {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`the environment variable ${name} is needed for this step`);
  }
  return value;
}

function print(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

// How the client authenticates: private_key_jwt with GH_PRIVATE_JWK (a private JWK, imported with
// WebCrypto), client_secret_basic with GH_CLIENT_SECRET, else none (a public client).
async function authentication() {
  if (env.GH_PRIVATE_JWK) {
    const jwk = JSON.parse(env.GH_PRIVATE_JWK);
    const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: jwk.crv }, false, ['sign']);
    return client.PrivateKeyJwt({ key, kid: jwk.kid });
  }
  return env.GH_CLIENT_SECRET ? client.ClientSecretBasic(env.GH_CLIENT_SECRET) : client.None();
}

// Gatehouse on loopback http in the tests: openid-client refuses http unless told.
async function configuration() {
  const secret = env.GH_CLIENT_SECRET;
  const auth = await authentication();
  return client.discovery(new URL(need('GH_ISSUER')), need('GH_CLIENT_ID'), secret ? { client_secret: secret } : {},
    auth, { execute: [client.allowInsecureRequests] });
}

function tokensOf(response) {
  const claims = response.claims();
  return {
    token_type: response.token_type,
    access_token: response.access_token,
    refresh_token: response.refresh_token ?? null,
    id_token: response.id_token ?? null,
    expires_in: response.expiresIn() ?? null,
    scope: response.scope ?? null,
    id_token_claims: claims ?? null,
  };
}

const steps = {
  async discovery() {
    const config = await configuration();
    return { server_metadata: config.serverMetadata() };
  },

  async 'authorization-url'() {
    const config = await configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: need('GH_REDIRECT_URI'),
      scope: env.GH_SCOPE ?? 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, code_verifier: verifier, state, nonce };
  },

  // The callback URL as the browser reached it (code, state, iss), then everything a web app does next.
  async code() {
    const config = await configuration();
    const tokens = await client.authorizationCodeGrant(config, new URL(need('GH_CALLBACK_URL')), {
      pkceCodeVerifier: need('GH_CODE_VERIFIER'),
      expectedState: need('GH_STATE'),
      expectedNonce: need('GH_NONCE'),
      idTokenExpected: true,
    });
    const result = { tokens: tokensOf(tokens) };
    const sub = tokens.claims().sub;
    result.userinfo = await client.fetchUserInfo(config, tokens.access_token, sub);
    if (tokens.refresh_token) {
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
      result.refreshed = tokensOf(refreshed);
      result.userinfo_after_refresh = await client.fetchUserInfo(config, refreshed.access_token, sub);
    }
    return result;
  },

  // The answer of one authorization, tampered with as an attacker would, each tried as the library
  // would be: what it refused and why. The code is spent only by the attempts that reach the token
  // endpoint (a wrong nonce is found after the exchange; a second presentation is then a reused code).
  async attacks() {
    const config = await configuration();
    const callback = new URL(need('GH_CALLBACK_URL'));
    const right = {
      pkceCodeVerifier: need('GH_CODE_VERIFIER'),
      expectedState: need('GH_STATE'),
      expectedNonce: need('GH_NONCE'),
      idTokenExpected: true,
    };
    const outcomes = {};
    async function attempt(name, url, checks) {
      try {
        await client.authorizationCodeGrant(config, url, checks);
        outcomes[name] = 'accepted';
      } catch (e) {
        outcomes[name] = e.error ?? e.code ?? e.name;
      }
    }
    const tampered = (change) => {
      const url = new URL(callback);
      change(url.searchParams);
      return url;
    };
    await attempt('mix_up_other_issuer', tampered((p) => p.set('iss', 'https://other-provider.example')), right);
    await attempt('iss_missing', tampered((p) => p.delete('iss')), right);
    await attempt('state_of_another_request', callback, { ...right, expectedState: client.randomState() });
    await attempt('state_missing', tampered((p) => p.delete('state')), right);
    await attempt('pkce_verifier_of_another_request', callback,
      { ...right, pkceCodeVerifier: client.randomPKCECodeVerifier() });
    await attempt('code_replayed_with_the_right_checks', callback, right);
    return { outcomes };
  },

  // A code whose ID token is checked against the nonce of another request (a replayed answer).
  async 'nonce-replayed'() {
    const config = await configuration();
    try {
      await client.authorizationCodeGrant(config, new URL(need('GH_CALLBACK_URL')), {
        pkceCodeVerifier: need('GH_CODE_VERIFIER'),
        expectedState: need('GH_STATE'),
        expectedNonce: client.randomNonce(),
        idTokenExpected: true,
      });
      return { outcome: 'accepted' };
    } catch (e) {
      return { outcome: e.code ?? e.name, claim: e.cause?.cause?.claim ?? e.cause?.claim ?? null };
    }
  },

  async 'client-credentials'() {
    const config = await configuration();
    const parameters = {};
    if (env.GH_SCOPE) {
      parameters.scope = env.GH_SCOPE;
    }
    const tokens = await client.clientCredentialsGrant(config, parameters);
    const result = { tokens: tokensOf(tokens) };
    result.introspection = await client.tokenIntrospection(config, tokens.access_token);
    return result;
  },

  // Prints the device authorization first, for the test to approve, then polls as the library does.
  async device() {
    const config = await configuration();
    const authorization = await client.initiateDeviceAuthorization(config, { scope: env.GH_SCOPE ?? 'openid profile' });
    print({ device_authorization: authorization });
    const tokens = await client.pollDeviceAuthorizationGrant(config, authorization);
    const result = { tokens: tokensOf(tokens) };
    const sub = tokens.claims()?.sub;
    result.userinfo = await client.fetchUserInfo(config, tokens.access_token, sub ?? client.skipSubjectCheck);
    return result;
  },

  async 'end-session-url'() {
    const config = await configuration();
    const url = client.buildEndSessionUrl(config, {
      id_token_hint: need('GH_ID_TOKEN'),
      post_logout_redirect_uri: need('GH_POST_LOGOUT_REDIRECT_URI'),
      state: 'after-logout',
    });
    return { url: url.href };
  },
};

// What a failure's cause says: the server's answer when it is an HTTP response.
async function describeCause(cause) {
  if (cause === undefined) {
    return null;
  }
  if (cause instanceof Response) {
    let body;
    try {
      body = await cause.clone().text();
    } catch {
      body = '(body already read)';
    }
    return { status: cause.status, url: cause.url, body };
  }
  return cause instanceof Error ? cause.message : cause;
}

const name = process.argv[2];
try {
  if (!(name in steps)) {
    throw new Error(`no step '${name}'; the steps are ${Object.keys(steps).join(', ')}`);
  }
  print(await steps[name]());
} catch (e) {
  print({
    error: e?.name ?? 'Error',
    message: e?.message ?? String(e),
    code: e?.code ?? null,
    // openid-client's ResponseBodyError and AuthorizationResponseError carry the server's answer.
    oauth_error: e?.error ?? null,
    oauth_error_description: e?.error_description ?? null,
    status: e?.status ?? null,
    cause: await describeCause(e?.cause),
  });
  process.exitCode = 1;
}
