package dev.gatehouse.server.oidc;

/**
 * A hidden field of a form that carries a request back (the consent and sign-out confirmation
 * forms); whatever comes back in it is checked again, never trusted because the page showed it.
 */
public record HiddenField(String name, String value) {
}
