package dev.syncr.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a certificate the test generates: a round trip with a token, and what a client that does not trust it sees. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void a_server_with_a_pem_certificate_and_key_serves_https_only() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("alice");
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--tls-cert",
                certificate.cert().toString(), "--tls-key", certificate.key().toString())) {
            URI uri = server.uri();
            assertThat(uri.getScheme()).isEqualTo("https");
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certificate.cert())).build();
            HttpResponse<String> written = trusting.send(HttpRequest.newBuilder(uri.resolve("files/secret.txt"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"over TLS\",\"expected_version\":0}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(written.statusCode()).isEqualTo(201);
            HttpResponse<String> read = trusting.send(HttpRequest.newBuilder(uri.resolve("files/secret.txt"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.body()).contains("over TLS");
            assertThat(read.headers().firstValue("Strict-Transport-Security")).as("HSTS over TLS")
                    .hasValue("max-age=31536000");
            assertThat(read.headers().firstValue("Cache-Control")).as("a private answer").hasValue("no-store");
            assertThat(read.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3",
                    "TLSv1.2"));
            HttpResponse<String> session = trusting.send(HttpRequest.newBuilder(uri.resolve("auth/session"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"alice\",\"password\":\"" + TestAccounts.PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.headers().firstValue("Set-Cookie")).as("a browser's session cookie over TLS")
                    .hasValueSatisfying(c -> assertThat(c).startsWith("__Host-syncr_session=")
                            .contains("; Secure", "HttpOnly", "Path=/").doesNotContain("Domain"));

            HttpClient stranger = HttpClient.newHttpClient();
            assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(uri.resolve("healthz")).build(),
                    HttpResponse.BodyHandlers.ofString())).hasCauseInstanceOf(SSLHandshakeException.class)
                    .as("a client that does not trust the certificate");
        }
    }

    @Test
    void a_key_that_is_not_pkcs8_is_refused_with_how_to_convert_it() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        Path rsa = dir.resolve("rsa.pem");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--tls-cert",
                certificate.cert().toString(), "--tls-key", rsa.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl pkcs8");
    }

    static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            trust.setCertificateEntry("syncr", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
