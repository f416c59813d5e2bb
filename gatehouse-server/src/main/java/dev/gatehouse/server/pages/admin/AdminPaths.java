package dev.gatehouse.server.pages.admin;

/** Where an admin page may send the browser back to: an admin page, nothing else. */
final class AdminPaths {

    static final String HOME = "/admin";

    private AdminPaths() {
    }

    static String back(String requested) {
        if (requested == null || requested.length() > 512 || !(requested.equals(HOME) || requested.startsWith(HOME + "/")
                || requested.startsWith(HOME + "?"))) {
            return HOME;
        }
        for (int i = 0; i < requested.length(); i++) {
            char c = requested.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                return HOME;
            }
        }
        return requested.contains("//") ? HOME : requested;
    }
}
