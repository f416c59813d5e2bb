package dev.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.server.Browser;
import dev.gatehouse.server.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at a browser, played over plain HTTP for the flows whose client is not a browser (a
 * Node script, a native app): follows redirects, and fills in the forms Gatehouse shows on the way
 * (sign in, consent) by what they ask for, posting every hidden field back (CSRF token, the
 * return address). Faster than a Chromium for the openid-client tests; the Spring journey uses the
 * real browser.
 */
final class PersonOverHttp {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:-]+)(?:=\"([^\"]*)\")?");
    private static final int MAX_HOPS = 12;

    final Browser http;
    private final String username;

    /** A person with no session yet, who signs in as this account with {@link TestServer#PASSWORD} when asked. */
    PersonOverHttp(TestServer server, String origin, String username) {
        this.http = new Browser(p -> p.startsWith("http") ? URI.create(p) : server.uri(p));
        this.http.origin = origin;
        this.username = username;
    }

    /**
     * Opens this URL and goes where Gatehouse sends the person, signing in and consenting when
     * asked, until a redirect leads to a URL starting with {@code stopAt} (the client's redirect
     * URI): returns that URL, unopened.
     */
    URI follow(String url, String stopAt) {
        URI next = URI.create(url);
        HttpResponse<String> response = null;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (next.toString().startsWith(stopAt)) {
                return next;
            }
            response = http.get(next.toString());
            URI current = next;
            next = afterPage(current, response);
            if (next == null) {
                fail("the person stopped at " + current + " (" + response.statusCode() + "), which neither redirects"
                        + " nor asks to sign in or consent:\n" + excerpt(response.body()));
            }
        }
        return fail("more than " + MAX_HOPS + " hops; the last answer: " + (response == null ? "none" : response.statusCode()));
    }

    /**
     * Approves a device as its owner would: opens {@code /device}, signs in when asked, types the
     * code the device shows, and approves what the next page asks. Returns the last page.
     */
    HttpResponse<String> approveDevice(String userCode) {
        URI at = URI.create("/device");
        HttpResponse<String> response = http.get(at.toString());
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (response.statusCode() / 100 == 3) {
                at = at.resolve(response.headers().firstValue("Location").orElseThrow());
                response = http.get(at.toString());
                continue;
            }
            assertThat(response.statusCode()).as(at + ":\n" + excerpt(response.body())).isEqualTo(200);
            Form form = Form.first(response.body());
            if (form == null) {
                return response;
            }
            if (!form.post) { // the form that asks for the code
                assertThat(form.fields).as("the form of " + at).containsKey("user_code");
                at = at.resolve(form.action.isEmpty() ? at.getPath() : form.action);
                response = http.get(at.getPath() + "?user_code=" + enc(userCode));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            if (form.fields.containsKey("password")) {
                values.put("username", username);
                values.put("password", TestServer.PASSWORD);
            }
            response = submit(at, form, values);
            if (!form.fields.containsKey("password")) { // the approval: its answer, after its redirect
                return response.statusCode() / 100 == 3
                        ? http.get(at.resolve(response.headers().firstValue("Location").orElseThrow()).toString())
                        : response;
            }
        }
        return fail("more than " + MAX_HOPS + " pages on the way to approving the device");
    }

    /** Where the person goes from this answer: its redirect, or the redirect after posting its form. */
    private URI afterPage(URI at, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status / 100 == 3) {
            return at.resolve(response.headers().firstValue("Location").orElseThrow());
        }
        if (status != 200) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Form form = Form.first(response.body());
        if (form == null || !form.post) {
            return null;
        }
        if (form.fields.containsKey("password")) {
            fields.put("username", username);
            fields.put("password", TestServer.PASSWORD);
        }
        HttpResponse<String> posted = submit(at, form, fields);
        assertThat(posted.statusCode()).as("posting the form of " + at + ":\n" + excerpt(posted.body())).isBetween(300, 399);
        return at.resolve(posted.headers().firstValue("Location").orElseThrow());
    }

    /** Posts a page's form with its hidden fields and these values (and the first submit button's name and value). */
    HttpResponse<String> submit(URI at, Form form, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(form.fields);
        all.putAll(values);
        StringBuilder body = new StringBuilder();
        all.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v == null ? "" : v)));
        String action = form.action.isEmpty() ? at.toString() : at.resolve(form.action).toString();
        return http.postForm(action, body.toString());
    }

    /** A page's form: its action and its fields with their values (hidden ones, and the first named button). */
    record Form(String action, boolean post, Map<String, String> fields) {

        /** The navigation's sign-out button, on every page of a signed-in person: never the form a test means. */
        static final String NAVIGATION_SIGN_OUT = "/account/sign-out";

        /**
         * The page's sign-in form (the form with a password field), else its first form, leaving
         * out the navigation's sign-out; or null.
         */
        static Form first(String html) {
            Form first = null;
            Matcher m = FORM.matcher(html);
            while (m.find()) {
                Map<String, String> attributes = attributes(m.group(1));
                if (NAVIGATION_SIGN_OUT.equals(attributes.get("action"))) {
                    continue;
                }
                boolean post = "post".equalsIgnoreCase(attributes.getOrDefault("method", "get"));
                Map<String, String> fields = new LinkedHashMap<>();
                boolean button = false;
                Matcher input = INPUT.matcher(m.group(2));
                while (input.find()) {
                    Map<String, String> a = attributes(input.group(2));
                    String name = a.get("name");
                    if (name == null) {
                        continue;
                    }
                    boolean isButton = input.group(1).equalsIgnoreCase("button") || "submit".equals(a.get("type"));
                    if (isButton) {
                        if (!button) {
                            fields.put(name, a.getOrDefault("value", ""));
                            button = true;
                        }
                    } else if (!"checkbox".equals(a.get("type")) || a.containsKey("checked")) {
                        fields.put(name, a.getOrDefault("value", ""));
                    }
                }
                Form form = new Form(attributes.getOrDefault("action", ""), post, fields);
                if (fields.containsKey("password")) {
                    return form;
                }
                first = first == null ? form : first;
            }
            return first;
        }
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) {
            attributes.put(m.group(1).toLowerCase(), m.group(2) == null ? "" : unescape(m.group(2)));
        }
        return attributes;
    }

    private static String unescape(String s) {
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String c = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16)
                        : Integer.parseInt(e.substring(1)));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String excerpt(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
