package dev.outpost.dkim;

import java.nio.charset.StandardCharsets;

/** RFC 8463 Appendix A, transcribed: the keys of A.1/A.2 and the signed message of A.3. */
final class Rfc8463Example {
  static final String ED25519_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
  static final String ED25519_PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  static final String RSA_PUBLIC = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2"
      + "jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
      + "Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
  static final String BODY_HASH = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";
  static final String ED25519_B = "/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==";
  static final String RSA_B = "F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOe"
      + "S9mPYQTnGdaSGsgeefOsk2JzdA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=";

  static final String ED25519_SIGNATURE = """
      DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;
       d=football.example.com; i=@football.example.com;
       q=dns/txt; s=brisbane; t=1528637909; h=from : to :
       subject : date : message-id : from : subject : date;
       bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
       b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus
       Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==
      """;
  static final String RSA_SIGNATURE = """
      DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
       d=football.example.com; i=@football.example.com;
       q=dns/txt; s=test; t=1528637909; h=from : to : subject :
       date : message-id : from : subject : date;
       bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
       b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3
       DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz
       dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=
      """;
  static final String HEADER = """
      From: Joe SixPack <joe@football.example.com>
      To: Suzie Q <suzie@shopping.example.net>
      Subject: Is dinner ready?
      Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)
      Message-ID: <20030712040037.46341.5F8J@football.example.com>

      """;
  static final String BODY = """
      Hi.

      We lost the game.  Are you hungry yet?

      Joe.

      """;

  private Rfc8463Example() {}

  static byte[] crlf(String text) {
    return text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
