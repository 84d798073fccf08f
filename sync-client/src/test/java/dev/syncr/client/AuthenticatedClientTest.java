package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.api.DeviceTokenIssued;
import dev.syncr.core.FileId;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TestAccounts;
import dev.syncr.server.auth.TestCertificate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a server with accounts, over HTTP and HTTPS with a private certificate. */
class AuthenticatedClientTest {

    @TempDir
    Path dir;

    @Test
    void a_token_from_login_opens_the_users_home_and_logout_revokes_it() throws Exception {
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            accounts.userWithToken("alice");
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString(),
                "--password-hash-memory", "1024");
             SyncClient anonymous = new SyncClient(server.uri(), "laptop", SyncClient.RetryPolicy.NONE)) {
            assertThatThrownBy(() -> anonymous.list(false)).isInstanceOf(NotAuthorizedException.class)
                    .hasMessageContaining("credentials required");
            assertThatThrownBy(() -> anonymous.login("alice", "wrong password".toCharArray(), "laptop"))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("wrong user name or password");

            DeviceTokenIssued issued = anonymous.login("alice", TestAccounts.PASSWORD.toCharArray(), "laptop");
            assertThat(issued.token()).startsWith("syncr_");
            try (SyncClient alice = new SyncClient(server.uri(), "laptop", SyncClient.RetryPolicy.NONE,
                    Access.token(issued.token()))) {
                assertThat(alice.putText(FileId.of("a.txt"), 0, "hello")).isInstanceOf(WriteResult.Committed.class);
                assertThat(alice.getText(FileId.of("a.txt")).orElseThrow().content()).isEqualTo("hello");
                assertThat(alice.download(FileId.of("a.txt"), java.io.OutputStream.nullOutputStream())).isPresent();
                assertThatThrownBy(() -> anonymous.download(FileId.of("a.txt"), java.io.OutputStream.nullOutputStream()))
                        .as("the streaming download needs the token too").isInstanceOf(NotAuthorizedException.class);
                alice.logout();
                assertThatThrownBy(() -> alice.list(false)).isInstanceOf(NotAuthorizedException.class)
                        .extracting(e -> ((NotAuthorizedException) e).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void https_with_a_private_ca_certificate() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        String token;
        try (TestAccounts accounts = TestAccounts.inDataDir(dir)) {
            token = accounts.userWithToken("alice");
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString(), "--tls-cert",
                certificate.cert().toString(), "--tls-key", certificate.key().toString());
             SyncClient alice = new SyncClient(server.uri(), "laptop", SyncClient.RetryPolicy.NONE,
                     Access.token(token).withCaCert(certificate.cert()));
             SyncClient distrustful = new SyncClient(server.uri(), "laptop", SyncClient.RetryPolicy.NONE,
                     Access.token(token))) {
            assertThat(server.uri().getScheme()).isEqualTo("https");
            assertThat(alice.putText(FileId.of("tls.txt"), 0, "private")).isInstanceOf(WriteResult.Committed.class);
            assertThat(alice.getText(FileId.of("tls.txt")).orElseThrow().content()).isEqualTo("private");
            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            assertThat(alice.download(FileId.of("tls.txt"), streamed)).as("the streaming download, over TLS too")
                    .isPresent();
            assertThat(streamed.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("private");
            assertThatThrownBy(() -> distrustful.list(false)).isInstanceOf(ServerUnavailableException.class);
        }
    }
}
