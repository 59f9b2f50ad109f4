package dev.go4j.patterns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Who the client is: never a header from anyone but a trusted proxy. */
class ClientAddressTest {

    private static FakeExchange from(String peer, String... forwardedFor) {
        FakeExchange ex = new FakeExchange();
        ex.remote = new InetSocketAddress(ClientAddress.literal(peer), 50000);
        for (String f : forwardedFor) {
            ex.requestHeaders.add("X-Forwarded-For", f);
        }
        return ex;
    }

    @Test
    void directIgnoresXForwardedForAltogether() {
        assertThat(ClientAddress.direct().resolve(from("203.0.113.9", "1.2.3.4")).getHostAddress())
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsIgnored() {
        ClientAddress c = ClientAddress.behindProxies("10.0.0.0/8");
        assertThat(c.resolve(from("203.0.113.9", "1.2.3.4")).getHostAddress()).isEqualTo("203.0.113.9");
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedAddressIsTheClient() {
        ClientAddress c = ClientAddress.behindProxies("10.0.0.0/8", "192.168.1.1");
        // The client wrote "6.6.6.6" itself; the edge proxy appended the address it saw.
        assertThat(c.resolve(from("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1")).getHostAddress())
                .isEqualTo("198.51.100.7");
        assertThat(c.resolve(from("10.1.2.3", "6.6.6.6", "198.51.100.7")).getHostAddress())
                .isEqualTo("198.51.100.7"); // several header lines read as one list
    }

    @Test
    void aMalformedEntryStopsTheWalkAtTheLastTrustedHop() {
        ClientAddress c = ClientAddress.behindProxies("10.0.0.0/8");
        assertThat(c.resolve(from("10.1.2.3", "198.51.100.7, not-an-ip")).getHostAddress()).isEqualTo("10.1.2.3");
        assertThat(c.resolve(from("10.1.2.3", "10.0.0.1, 10.0.0.2")).getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(c.resolve(from("10.1.2.3")).getHostAddress()).isEqualTo("10.1.2.3");
    }

    @Test
    void hostNamesAreNeverLookedUp() {
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("example.com")).isNull();
        assertThat(ClientAddress.literal("999.1.1.1")).isNull();
        assertThat(ClientAddress.literal("01.2.3.4")).isNull();
        assertThat(ClientAddress.literal("1.2.3")).isNull();
        assertThat(ClientAddress.literal("beef")).isNull();
        assertThat(ClientAddress.literal("[2001:db8::1]")).isNotNull();
        assertThat(ClientAddress.literal("2001:db8::zz")).isNull();
    }

    @Test
    void ipv6ClientsAreGroupedBySlash64() throws Exception {
        String a = ClientAddress.key(InetAddress.getByName("2001:db8:1:2:aaaa::1"));
        String b = ClientAddress.key(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        String other = ClientAddress.key(InetAddress.getByName("2001:db8:1:3::1"));
        assertThat(a).isEqualTo("2001:db8:1:2::/64").isEqualTo(b);
        assertThat(other).isNotEqualTo(a);
        assertThat(ClientAddress.key(InetAddress.getByName("192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void cidrRangesMatchByPrefix() {
        ClientAddress.Cidr c = ClientAddress.Cidr.parse("172.16.0.0/12");
        assertThat(c.contains(ClientAddress.literal("172.31.255.255"))).isTrue();
        assertThat(c.contains(ClientAddress.literal("172.32.0.0"))).isFalse();
        assertThat(c.contains(ClientAddress.literal("2001:db8::1"))).isFalse();
        assertThat(ClientAddress.Cidr.parse("2001:db8::/32").contains(ClientAddress.literal("2001:db8:ffff::1")))
                .isTrue();
        assertThat(ClientAddress.Cidr.parse("0.0.0.0/0").contains(ClientAddress.literal("8.8.8.8"))).isTrue();
    }

    @Test
    void aMalformedRangeIsRefusedByName() {
        assertThatThrownBy(() -> ClientAddress.behindProxies("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> ClientAddress.behindProxies("proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> ClientAddress.behindProxies("10.0.0.0/x")).hasMessageContaining("prefix");
    }
}
