package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.shaping.Rate;
import dev.outpost.shaping.SiteProfile;
import dev.outpost.shaping.SiteProfiles;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys of traffic shaping, pools and TLS policy, read from a file. */
class ShapingConfigTest {

  @Test
  void defaultsAreTheBuiltInProfilesWithNoPoolsAndOpportunisticTls() throws Exception {
    OutpostConfig c = ConfigLoader.parse("", "t.toml");
    assertThat(c.shaping().enabled()).isTrue();
    assertThat(c.shaping().profiles()).isEqualTo(SiteProfiles.builtIn());
    assertThat(c.pools()).isEmpty();
    assertThat(c.tlsPolicies()).isEmpty();
  }

  @Test
  void readsSitesPoolsRoutesAndTlsPolicies() throws Exception {
    OutpostConfig c = ConfigLoader.parse("""
        [shaping]
        enabled = true

        [[shaping.site]]
        name = "google"
        rate = "100/min"

        [[shaping.site]]
        name = "corp"
        mx = ["*.corp-mail.example"]
        connections = 2
        suspend = "30s"

        [[shaping.site]]
        name = "default"
        connections = 4

        [[pool]]
        name = "news"
        sender_domains = ["news.example.com"]
        accounts = ["acme"]
        addresses = [{ address = "192.0.2.10", ehlo = "mta1.example.com", weight = 3 },
                     { address = "192.0.2.11", ehlo = "mta2.example.com" }]

        [[route]]
        domains = ["partner.example"]
        host = "relay.partner.example"
        pool = "news"
        tls = "require"

        [[tls_policy]]
        domains = ["bank.example", "*.bank.example"]
        level = "verify"
        """, "t.toml");

    SiteProfiles profiles = c.shaping().profiles();
    SiteProfile google = profiles.named("google");
    assertThat(google.limits().rate()).isEqualTo(Rate.parse("100/min"));
    assertThat(google.limits().connections()).isEqualTo(SiteProfiles.builtIn().named("google").limits().connections());
    assertThat(google.mxPatterns()).contains("*.google.com");
    SiteProfile corp = profiles.named("corp");
    assertThat(corp.limits().connections()).isEqualTo(2);
    assertThat(corp.limits().suspendFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(corp.limits().rate()).isEqualTo(SiteProfiles.builtIn().defaults().rate());
    assertThat(profiles.defaults().connections()).isEqualTo(4);

    assertThat(c.pools()).containsExactly(new PoolConfig("news", List.of(
        new PoolConfig.Member(InetAddress.getByName("192.0.2.10"), "mta1.example.com", 3),
        new PoolConfig.Member(InetAddress.getByName("192.0.2.11"), "mta2.example.com", 1)),
        List.of("news.example.com"), List.of("acme")));
    assertThat(c.routes().getFirst().pool()).isEqualTo("news");
    assertThat(c.routes().getFirst().tls()).isEqualTo(TlsPolicyLevel.REQUIRE);
    assertThat(c.tlsPolicies()).containsExactly(
        new TlsPolicyConfig(List.of("bank.example", "*.bank.example"), TlsPolicyLevel.VERIFY, null));
  }

  @Test
  void shapingCanBeTurnedOff() throws Exception {
    assertThat(ConfigLoader.parse("[shaping]\nenabled = false\n", "t.toml").shaping().enabled()).isFalse();
  }
}
