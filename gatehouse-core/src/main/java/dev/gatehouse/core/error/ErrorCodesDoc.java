package dev.gatehouse.core.error;

/** Renders the tables of {@code docs/errors.md} from the catalogue, so the doc cannot drift from the code. */
public final class ErrorCodesDoc {

    private ErrorCodesDoc() {
    }

    /** A Markdown table of every {@link ErrorCode}: code, status, OAuth error, meaning. */
    public static String codes() {
        StringBuilder out = new StringBuilder();
        out.append("| code | status | OAuth error | meaning |\n");
        out.append("|---|---|---|---|\n");
        for (ErrorCode c : ErrorCode.values()) {
            out.append("| `").append(c.code()).append("` | ").append(c.status()).append(" | ")
                    .append(c.oauthError().map(o -> "`" + o.error() + "`").orElse("")).append(" | ")
                    .append(c.title()).append(" |\n");
        }
        return out.toString();
    }

    /** A Markdown table of every {@link OAuthErrorCode}: error, status, meaning. */
    public static String oauthErrors() {
        StringBuilder out = new StringBuilder();
        out.append("| error | status | meaning |\n");
        out.append("|---|---|---|\n");
        for (OAuthErrorCode o : OAuthErrorCode.values()) {
            out.append("| `").append(o.error()).append("` | ").append(o.status()).append(" | ")
                    .append(o.title()).append(" |\n");
        }
        return out.toString();
    }

    /** Prints both tables, to paste into {@code docs/errors.md} after changing the catalogue. */
    public static void main(String[] args) {
        System.out.print(codes() + "\n" + oauthErrors());
    }
}
