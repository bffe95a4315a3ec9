package dev.outpost.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a /32 or /128. */
public record CidrRange(byte[] network, int prefixLength) {

  public static CidrRange parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addressPart = slash < 0 ? s : s.substring(0, slash);
    if (addressPart.isEmpty() || !addressPart.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(addressPart).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prefix length in \"" + text + "\" is not a number");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix length in \"" + text + "\" must be 0-" + bits);
      }
    }
    return new CidrRange(address, prefix);
  }

  public boolean contains(InetAddress candidate) {
    byte[] a = candidate.getAddress();
    if (a.length != network.length) {
      if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
        a = java.util.Arrays.copyOfRange(a, 12, 16);
      } else {
        return false;
      }
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) return false;
    }
    int rest = prefixLength % 8;
    if (rest == 0) return true;
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrRange c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }
}
