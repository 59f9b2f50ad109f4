package dev.go4j.patterns.http;

import com.sun.net.httpserver.HttpExchange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who the client is, for rate limiting and logs: the peer address, or, only when the peer is one of
 * your own proxies, the address that proxy saw in {@code X-Forwarded-For}. Go: what chi's
 * {@code middleware.RealIP} should have been (chi deprecated it after spoofing advisories: it trusted
 * the header from anyone).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #direct()}: the TCP peer, always. Use it when clients connect to this server directly:
 *       the header is then whatever the client chose to write.</li>
 *   <li>{@link #behindProxies(String...)}: if the peer is inside one of the trusted CIDR ranges, walk
 *       {@code X-Forwarded-For} from the right (each proxy appends the address it saw), skipping
 *       trusted proxies; the first address that is not one is the client. Addresses to its left were
 *       written by the client and are never believed. A malformed entry stops the walk at the last
 *       trusted hop. Host names are never looked up.</li>
 *   <li>{@link #key(HttpExchange)} groups IPv6 clients by their /64 prefix: one subscriber usually gets
 *       a whole /64 and can rotate through 2<sup>64</sup> addresses, so a per-address limit would
 *       be no limit.</li>
 * </ul>
 *
 * <p>Thread safety: immutable; safe for concurrent use.
 *
 * <p>Bad input: a malformed CIDR throws {@link IllegalArgumentException} naming it.
 *
 * @since 0.1.0
 */
public final class ClientAddress {
    private final List<Cidr> trusted;

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /**
     * The TCP peer, never a header.
     *
     * @return the resolver
     */
    public static ClientAddress direct() {
        return new ClientAddress(List.of());
    }

    /**
     * The peer, or the first untrusted address in {@code X-Forwarded-For} if the peer is a trusted
     * proxy.
     *
     * @param cidrs your proxies' addresses or ranges, such as {@code "10.0.0.0/8"} or
     *        {@code "2001:db8::/32"}; a bare address is a /32 or /128
     * @return the resolver
     * @throws IllegalArgumentException if a range is malformed
     */
    public static ClientAddress behindProxies(String... cidrs) {
        List<Cidr> list = new ArrayList<>();
        for (String c : Objects.requireNonNull(cidrs, "cidrs")) {
            list.add(Cidr.parse(c));
        }
        return new ClientAddress(List.copyOf(list));
    }

    /**
     * The client's address.
     *
     * @param exchange the request
     * @return the address
     */
    public InetAddress resolve(HttpExchange exchange) {
        InetAddress hop = exchange.getRemoteAddress().getAddress();
        if (!isTrusted(hop)) {
            return hop;
        }
        List<String> entries = new ArrayList<>();
        List<String> headers = exchange.getRequestHeaders().get("X-Forwarded-For");
        if (headers != null) {
            for (String h : headers) {
                for (String e : h.split(",")) {
                    entries.add(e.strip());
                }
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            InetAddress a = literal(entries.get(i));
            if (a == null) {
                return hop; // malformed: believe nothing further left
            }
            hop = a;
            if (!isTrusted(a)) {
                return a;
            }
        }
        return hop; // every hop was a trusted proxy: the leftmost is as far as we can see
    }

    /**
     * The rate-limit key of the client: the IPv4 address, or the IPv6 /64 prefix
     * ({@code 2001:db8:1:2::/64}).
     *
     * @param exchange the request
     * @return the key
     */
    public String key(HttpExchange exchange) {
        return key(resolve(exchange));
    }

    static String key(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        }
        return a.getHostAddress();
    }

    private boolean isTrusted(InetAddress a) {
        for (Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An IP literal, or null; never a DNS lookup. */
    static InetAddress literal(String s) {
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean hex = v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
            if (c != '.' && !digit && !hex) {
                return null;
            }
        }
        if (!v6 && !dottedQuad(s)) {
            return null; // the JDK would take anything else for a host name and look it up
        }
        try {
            return InetAddress.getByName(s); // a validated literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An address range. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String cidr) {
            Objects.requireNonNull(cidr, "cidr");
            int slash = cidr.indexOf('/');
            InetAddress a = literal(slash < 0 ? cidr.strip() : cidr.substring(0, slash).strip());
            if (a == null) {
                throw new IllegalArgumentException("cidr must be an IP address or range such as 10.0.0.0/8, was \""
                        + cidr + "\"");
            }
            int max = a.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1).strip());
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("cidr prefix must be 0.." + max + ", was \"" + cidr + "\"");
                }
            }
            return new Cidr(a.getAddress(), bits);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    @Override
    public String toString() {
        return trusted.isEmpty() ? "ClientAddress(direct)" : "ClientAddress(behind " + trusted.size() + " ranges)";
    }
}
