package dev.gatehouse.server.pages;

import java.util.List;

/**
 * Recovery codes, shown once (the store keeps only their hashes), with a note to keep them and
 * the way on: a form to post (finishing a sign-in) or a link.
 *
 * @param frame        the page's frame
 * @param codes        the new codes
 * @param csrf         the form's synchronizer token, or null with a link
 * @param continuePost where the continue form posts, or null
 * @param continueLink where the continue link goes, or null
 */
public record RecoveryCodes(Frame frame, List<String> codes, String csrf, String continuePost, String continueLink) {

    public RecoveryCodes {
        codes = List.copyOf(codes);
    }

    @Override
    public String toString() {
        return "RecoveryCodes[" + codes.size() + " hidden]";
    }
}
