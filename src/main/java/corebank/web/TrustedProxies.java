package corebank.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.http.HttpRequest;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which peers may tell the engine who the client is. Off by default: the client is the TCP peer
 * and {@code X-Forwarded-For} is ignored. With {@code corebank.http.trusted-proxies} (addresses or
 * CIDR ranges, comma-separated; {@code none} by default), a request from one of them is attributed to the rightmost
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy: entries further left were
 * written by the client and prove nothing.
 *
 * @param trustedProxies comma-separated addresses or CIDR ranges of the reverse proxies in front
 */
@ConfigurationProperties("corebank.http")
public record TrustedProxies(String trustedProxies) {

    public static final String FORWARDED_FOR = "X-Forwarded-For";
    /** The default: no proxy is trusted. */
    public static final String NONE = "none";

    public TrustedProxies {
        trustedProxies = trustedProxies == null || trustedProxies.isBlank() ? NONE : trustedProxies.trim();
        rules(trustedProxies); // refuses a bad entry at start
    }

    /** The client's address: the TCP peer, or what the trusted proxies in front of it say. */
    public String clientAddress(HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        String peerAddress = peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
        List<IpSubnetFilterRule> rules = rules(trustedProxies);
        if (rules.isEmpty() || peer == null || peer.getAddress() == null || !trusted(rules, peer.getAddress())) {
            return peerAddress;
        }
        List<String> hops = new ArrayList<>();
        for (String header : request.getHeaders().getAll(FORWARDED_FOR)) {
            Arrays.stream(header.split(",")).map(String::trim).filter(h -> !h.isEmpty()).forEach(hops::add);
        }
        String client = peerAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return client; // not an address: trust nothing further left
            }
            client = hop.getHostAddress();
            if (!trusted(rules, hop)) {
                return client;
            }
        }
        return client;
    }

    private static boolean trusted(List<IpSubnetFilterRule> rules, InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        return rules.stream().anyMatch(rule -> rule.matches(socket));
    }

    private static InetAddress literal(String text) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static List<IpSubnetFilterRule> rules(String list) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        if (NONE.equals(list)) {
            return rules;
        }
        for (String entry : list.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("corebank.http.trusted-proxies: not an address or CIDR range: " + e);
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("corebank.http.trusted-proxies: bad prefix in " + e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("corebank.http.trusted-proxies: bad prefix in " + e);
            }
            rules.add(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
        }
        return rules;
    }
}
