package dev.syncr.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client proves who it is and whom it trusts: a device token (sent as {@code Authorization: Bearer}), and,
 * for a server whose certificate comes from a private CA, that CA.
 *
 * @param token null for a server in the open local mode
 * @param tls   null to trust the JDK's default authorities
 */
public record Access(String token, SSLContext tls) {

    /** No token, default trust: a server in the open local mode. */
    public static final Access NONE = new Access(null, null);

    public static Access token(String token) {
        return new Access(token, null);
    }

    public Access withToken(String newToken) {
        return new Access(newToken, tls);
    }

    /** Trusts the certificate authority (or self-signed certificate) in a PEM file, and only it. */
    public Access withCaCert(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException("no certificate in " + pem);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new Access(token, context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + pem + " as a CA certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Access[token=" + (token == null ? "none" : "***") + ", tls=" + (tls == null ? "default" : "custom")
                + "]";
    }
}
