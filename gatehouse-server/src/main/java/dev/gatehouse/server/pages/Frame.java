package dev.gatehouse.server.pages;

import dev.gatehouse.server.auth.Caller;

/**
 * What every page shows around its content: the title, the navigation for who is signed in,
 * and the notice left by the action that led here.
 *
 * @param t         the page's words
 * @param title     the page's title
 * @param viewer    who is signed in; null on the sign-in and error pages of a stranger
 * @param notice    the text of the notice, or null
 * @param formToken the synchronizer token the page's forms carry (the sign-out form included), or null
 */
public record Frame(Texts t, String title, Viewer viewer, String notice, String formToken) {

    /** Who is signed in, as the navigation needs it. */
    public record Viewer(String username, boolean admin) {

        static Viewer of(Caller caller) {
            return new Viewer(caller.account().username(), caller.account().isAdmin());
        }
    }
}
