package dev.outpost.config;

import static dev.outpost.config.TableReader.quote;
import static dev.outpost.config.TableReader.text;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The value types of the config file beyond TOML's own, each with a message that says what is allowed. */
final class ConfigTypes {
  private static final Pattern DOMAIN =
      Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private ConfigTypes() {}

  static Function<Object, Duration> duration(Duration min) {
    return text(s -> {
      Duration d = DurationFormat.parse(s);
      if (d.compareTo(min) < 0) {
        String least = min.toMillis() % 1000 == 0 ? min.toSeconds() + "s" : min.toMillis() + "ms";
        throw new IllegalArgumentException("must be at least " + least + ", got " + quote(s));
      }
      return d;
    });
  }

  static Function<Object, Long> size() {
    return raw -> {
      long n = switch (raw) {
        case Long l -> l;
        case String s -> SizeFormat.parse(s);
        default -> throw TableReader.mismatch("a size in bytes or a string such as \"50MB\"", raw);
      };
      if (n < 1) throw new IllegalArgumentException("must be at least 1 byte, got " + n);
      return n;
    };
  }

  /** {@code host:port}; port 0 (any free port) only where Outpost itself listens. */
  static Function<Object, HostPort> hostPort(boolean listening) {
    return text(s -> {
      HostPort hp = HostPort.parse(s);
      if (hp.port() == 0 && !listening) throw new IllegalArgumentException("port must be 1-65535, got " + quote(s));
      return hp;
    });
  }

  static Function<Object, CidrRange> cidr() {
    return text(CidrRange::parse);
  }

  static Function<Object, String> domain() {
    return text(s -> {
      if (!DOMAIN.matcher(s).matches()) throw new IllegalArgumentException(quote(s) + " is not a domain name");
      return s.toLowerCase(Locale.ROOT);
    });
  }

  /** A route's domain: {@code example.com}, {@code *.example.com} for its subdomains, or {@code *}. */
  static Function<Object, String> domainPattern() {
    return text(s -> {
      String rest = s.startsWith("*.") ? s.substring(2) : s;
      if (!s.equals("*") && !DOMAIN.matcher(rest).matches()) {
        throw new IllegalArgumentException(quote(s) + " is not a domain, \"*.domain\" or \"*\"");
      }
      return s.toLowerCase(Locale.ROOT);
    });
  }

  /** A host name or an IP address, as a smarthost may be given. */
  static Function<Object, String> host() {
    return text(s -> {
      if (DOMAIN.matcher(s).matches()) return s;
      try {
        CidrRange ip = CidrRange.parse(s);
        if (ip.prefixLength() == ip.network().length * 8 && !s.contains("/")) return s;
      } catch (IllegalArgumentException notAnAddress) {
        // reported below with the message that covers both forms
      }
      throw new IllegalArgumentException(quote(s) + " is not a host name or IP address");
    });
  }

  /** One IP address, IPv4 or IPv6, without a prefix length. */
  static Function<Object, InetAddress> ipAddress() {
    return text(s -> {
      try {
        CidrRange ip = CidrRange.parse(s);
        if (ip.prefixLength() == ip.network().length * 8 && !s.contains("/")) {
          return InetAddress.getByAddress(ip.network());
        }
      } catch (IllegalArgumentException | UnknownHostException notAnAddress) {
        // reported below, naming the one form allowed
      }
      throw new IllegalArgumentException(quote(s) + " is not an IP address");
    });
  }

  static Function<Object, Path> path() {
    return text(s -> {
      if (s.isBlank()) throw new IllegalArgumentException("must not be empty");
      try {
        return Path.of(s);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(quote(s) + " is not a valid path: " + e.getReason());
      }
    });
  }

  static Function<Object, URI> httpUrl() {
    return text(s -> {
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(quote(s) + " is not a URL: " + e.getReason());
      }
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(quote(s) + " must be an http or https URL with a host, e.g. \"https://mta.example.com\"");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException(quote(s) + " must not have a query or fragment");
      }
      return uri;
    });
  }
}
