package dev.outpost.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiteResolverTest {
  private final SiteResolver resolver = new SiteResolver(SiteProfiles.builtIn());

  @ParameterizedTest(name = "{0} with MX {1} is site {2}")
  @CsvSource({
      "gmail.com, gmail-smtp-in.l.google.com, google",
      "workspace-customer.example, aspmx.l.google.com., google",
      "old.example, alt1.aspmx.l.googlemail.com, google",
      "contoso.example, contoso-example.mail.protection.outlook.com, microsoft",
      "hotmail.com, hotmail-com.olc.protection.outlook.com, microsoft",
      "yahoo.com, mta5.am0.yahoodns.net, yahoo",
      "aol.com, mx-aol.mail.gm0.yahoodns.net, yahoo",
      "icloud.com, mx01.mail.icloud.com, apple",
      "orange.fr, smtp-in.orange.fr, orange",
      "web.de, mx-ha03.web.de, gmx",
      "gmx.net, mx00.emig.gmx.net, gmx",
      "mail.ru, mxs.mail.ru, mailru",
      "small.example, mx1.hosting-provider.example, hosting-provider.example",
      "shop.example.co.uk, mx.mailhost.co.uk, mailhost.co.uk",
      "self.example, self.example, self.example",
  })
  void findsTheSiteFromTheMxHosts(String domain, String mx, String site) {
    assertThat(resolver.siteFor(domain, List.of(mx)).name()).isEqualTo(site);
  }

  @ParameterizedTest(name = "{0} has the built-in limits of {1}")
  @CsvSource({"aspmx.l.google.com, 20", "mx.unknown.example, 20", "smtp-in.orange.fr, 3"})
  void carriesTheProfileLimits(String mx, int connections) {
    assertThat(resolver.siteFor("d.example", List.of(mx)).limits().connections()).isEqualTo(connections);
  }

  @org.junit.jupiter.api.Test
  void configEntriesReplaceBuiltInProfilesAndAddNewOnesInFront() {
    SiteLimits slow = new SiteLimits(1, 5, Rate.parse("30/min"), 10, java.time.Duration.ofMinutes(2),
        java.time.Duration.ofMinutes(1));
    SiteProfiles profiles = SiteProfiles.builtIn().with(List.of(
        new SiteProfile("google", List.of("*.google.com", "*.googlemail.com"), slow),
        new SiteProfile("corp", List.of("*.corp-mx.example", "mx.l.google.com"), slow)));
    SiteResolver custom = new SiteResolver(profiles);

    assertThat(custom.siteFor("gmail.com", List.of("gmail-smtp-in.l.google.com")).limits()).isEqualTo(slow);
    assertThat(custom.siteFor("corp.example", List.of("mx.l.google.com")).name()).isEqualTo("corp");
    assertThat(profiles.sites()).extracting(SiteProfile::name).startsWith("corp", "google");
  }
}
