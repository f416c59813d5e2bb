// Passkeys on Gatehouse's pages: the one thing a form cannot do. Registers a passkey from
// /account, signs in with one from /login, answers a second step or a step-up with one, through the JSON API (same-origin fetch with the
// session cookie; the server checks the request's origin). Where the browser lacks the WebAuthn
// JSON helpers, the passkey controls stay hidden and the pages work as they do without script.
(() => {
  "use strict";

  const supported = typeof window.PublicKeyCredential === "function"
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  if (!supported) {
    return;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(answer.code || String(response.status));
      error.code = answer.code;
      throw error;
    }
    return answer;
  }

  function isCancel(error) {
    return error && (error.name === "AbortError" || error.name === "NotAllowedError");
  }

  // /account: "Add a passkey"
  const add = document.getElementById("passkey-add");
  if (add) {
    const button = document.getElementById("passkey-add-button");
    const status = document.getElementById("passkey-add-status");
    const name = document.getElementById("passkey-name");
    add.hidden = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = add.dataset.working;
      try {
        const options = await post("/v1/passkeys/registration-options", {});
        const credential = await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.public_key),
        });
        await post("/v1/passkeys", { state: options.state, credential: credential.toJSON(), name: name.value });
        window.location.assign("/account?notice=passkey_added");
      } catch (error) {
        status.textContent = add.dataset.failed;
        button.disabled = false;
      }
    });
  }

  // the sign-in's second step and the step-up page: "Use a passkey" fills the page's own form with
  // the passkey's signature and posts it, so the server answers as it does to a code
  for (const proof of document.querySelectorAll("[data-passkey-proof]")) {
    const form = proof.querySelector("form");
    const button = form.querySelector("button");
    const status = proof.querySelector("[role=status]");
    proof.hidden = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const options = await post(proof.dataset.passkeyProof, {});
        const credential = await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.public_key),
        });
        form.elements.state.value = options.state;
        form.elements.credential.value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch (error) {
        status.textContent = proof.dataset.failed;
        button.disabled = false;
      }
    });
  }

  // /login: "Sign in with a passkey", and the browser's autofill of passkeys in the username field
  const signIn = document.getElementById("passkey-sign-in");
  if (signIn) {
    const button = document.getElementById("passkey-sign-in-button");
    const status = document.getElementById("passkey-sign-in-status");
    let conditional = null;
    signIn.hidden = false;

    async function run(mediation, controller) {
      const options = await post("/v1/passkeys/sign-in-options", {});
      const credential = await navigator.credentials.get({
        publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.public_key),
        mediation,
        signal: controller.signal,
      });
      status.textContent = signIn.dataset.working;
      await post("/v1/passkeys/sign-in", { state: options.state, credential: credential.toJSON() });
      window.location.assign(signIn.dataset.returnTo || "/account");
    }

    button.addEventListener("click", async () => {
      // one WebAuthn request at a time: the autofill one gives way to the one the user asked for
      if (conditional) {
        conditional.abort();
        conditional = null;
      }
      button.disabled = true;
      try {
        await run("optional", new AbortController());
      } catch (error) {
        status.textContent = signIn.dataset.failed;
        button.disabled = false;
      }
    });

    if (typeof PublicKeyCredential.isConditionalMediationAvailable === "function") {
      PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
        if (!available) {
          return;
        }
        const controller = new AbortController();
        conditional = controller;
        run("conditional", controller).catch((error) => {
          if (!isCancel(error) && conditional === controller) {
            status.textContent = signIn.dataset.failed;
          }
        });
      }).catch(() => {});
    }
  }
})();
