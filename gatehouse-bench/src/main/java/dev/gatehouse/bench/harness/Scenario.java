package dev.gatehouse.bench.harness;

/**
 * The measured runs of the harness, named as the report and the progress log name them
 * ({@code gh.s1}: Gatehouse, scenario S1; {@code sp}: the Spring peer; {@code kc}: Keycloak; a
 * {@code flood} is the login load that runs around an S6 measurement).
 */
enum Scenario {
    GH_S1("gh.s1"), GH_S2("gh.s2"), GH_S3("gh.s3"), GH_S4("gh.s4"), GH_S4ED("gh.s4ed"), GH_S5("gh.s5"),
    GH_S6("gh.s6"), GH_S6FLOOD("gh.s6flood"),
    SP_S1("sp.s1"), SP_S2("sp.s2"), SP_S3("sp.s3"), SP_S6("sp.s6"), SP_S6FLOOD("sp.s6flood"),
    KC_S3("kc.s3"), KC_S4("kc.s4"), KC_S5("kc.s5");

    private final String key;

    Scenario(String key) {
        this.key = key;
    }

    /** The short name used in the report template and the log, e.g. {@code gh.s1}. */
    String key() {
        return key;
    }
}
