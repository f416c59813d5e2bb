package dev.gatehouse.server.pages;

import java.util.List;

/**
 * Names a device from its {@code User-Agent} as a person would: "Firefox on Linux", "Safari on
 * iPhone". Only the common browsers and systems are known; the rest are "an unknown browser",
 * which is honest, since a user agent says whatever its sender wants.
 */
public final class DeviceNames {

    private record Rule(String marker, String name) {
    }

    /** First match wins: many browsers also claim to be Chrome, Safari or Mozilla. */
    private static final List<Rule> BROWSERS = List.of(
            new Rule("Edg/", "Edge"), new Rule("EdgiOS/", "Edge"), new Rule("EdgA/", "Edge"),
            new Rule("OPR/", "Opera"), new Rule("SamsungBrowser/", "Samsung Internet"),
            new Rule("Firefox/", "Firefox"), new Rule("FxiOS/", "Firefox"),
            new Rule("HeadlessChrome/", "Chrome (headless)"), new Rule("CriOS/", "Chrome"),
            new Rule("Chromium/", "Chromium"), new Rule("Chrome/", "Chrome"),
            new Rule("Version/", "Safari"), new Rule("curl/", "curl"), new Rule("Java-http-client/", "a Java program"),
            new Rule("okhttp/", "an Android app"), new Rule("python-requests/", "a Python program"));

    private static final List<Rule> SYSTEMS = List.of(
            new Rule("iPhone", "iPhone"), new Rule("iPad", "iPad"), new Rule("Android", "Android"),
            new Rule("CrOS", "ChromeOS"), new Rule("Windows", "Windows"), new Rule("Mac OS X", "macOS"),
            new Rule("Macintosh", "macOS"), new Rule("Linux", "Linux"));

    private DeviceNames() {
    }

    /** For example "Firefox on Linux"; parts not recognised are named as unknown. */
    public static String describe(String userAgent, Texts t) {
        String ua = userAgent == null ? "" : userAgent;
        String browser = find(BROWSERS, ua);
        String system = find(SYSTEMS, ua);
        if (browser == null && system == null) {
            return t.get("device.unknown");
        }
        if (system == null) {
            return browser;
        }
        return t.get("device.on", browser == null ? t.get("device.unknown-browser") : browser, system);
    }

    private static String find(List<Rule> rules, String ua) {
        for (Rule r : rules) {
            if (ua.contains(r.marker())) {
                return r.name();
            }
        }
        return null;
    }
}
