package dev.gatehouse.core.throttle;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The one place that turns a client address into the key it is throttled and queued by.
 *
 * <p>An IPv4 address is its own key. An IPv6 address counts by its /64 prefix: one subscriber,
 * one home or one server is given a whole /64 (2<sup>64</sup> addresses), so counting per address
 * would let one client count as a new one on every attempt. An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}, as a dual-stack socket reports IPv4 peers) counts as the IPv4
 * address it maps. Anything else (an empty or unparsable forwarded address) is its own key.
 *
 * <p>Only literals are parsed, never looked up: a name in {@code X-Forwarded-For} must not
 * start a DNS query.
 */
public final class ClientKey {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientKey() {
    }

    /**
     * The throttling key of an address as {@code ClientAddress} reports it: {@code 192.0.2.1}
     * for IPv4 (and IPv4-mapped IPv6), {@code 2001:db8:0:1::/64} for IPv6.
     */
    public static String of(String address) {
        if (address == null) {
            return "";
        }
        String a = address.strip();
        if (IPV4.matcher(a).matches()) {
            return ipv4(a);
        }
        int zone = a.indexOf('%');
        String literal = zone < 0 ? a : a.substring(0, zone);
        if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
            try {
                // in brackets the JDK parses an IPv6 literal and never resolves a name
                InetAddress parsed = InetAddress.getByName("[" + literal + "]");
                return parsed instanceof Inet4Address ? parsed.getHostAddress() : prefix64(parsed.getAddress());
            } catch (UnknownHostException e) {
                return a; // not an address; counted as given
            }
        }
        return a;
    }

    private static String ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        StringBuilder key = new StringBuilder();
        for (String part : parts) {
            int n = Integer.parseInt(part);
            if (n > 255) {
                return dotted;
            }
            key.append(key.isEmpty() ? "" : ".").append(n);
        }
        return key.toString();
    }

    private static String prefix64(byte[] address) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
        }
        return key.append(":/64").toString();
    }
}
