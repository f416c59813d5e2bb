package dev.gatehouse.core.session;

/**
 * What the client told us about itself when the session started, shown in "my devices".
 *
 * @param userAgent the User-Agent header, cut to {@value #MAX_USER_AGENT} characters, or empty
 * @param ip        the client address, or empty
 */
public record Device(String userAgent, String ip) {

    public static final int MAX_USER_AGENT = 256;
    public static final Device UNKNOWN = new Device("", "");

    public Device {
        userAgent = userAgent == null ? "" : userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        ip = ip == null ? "" : ip;
    }
}
