package dev.syncr.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity from the two PEM files every ACME client and {@code openssl} write: a certificate chain
 * and a PKCS#8 private key (RSA, EC or Ed25519). Read with the JDK alone.
 */
final class TlsContext {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private TlsContext() {
    }

    static SSLContext fromPem(Path certFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain;
            try (var in = Files.newInputStream(certFile)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert: no certificate in " + certFile);
            }
            PrivateKey key = privateKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("syncr", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, none);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS files: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-cert/--tls-key: " + e.getMessage()
                    + " (does the key belong to the certificate?)");
        }
    }

    private static PrivateKey privateKey(Path keyFile) throws IOException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("--tls-key: " + keyFile + " holds no unencrypted PKCS#8 key (BEGIN "
                    + "PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1).getBytes(StandardCharsets.US_ASCII));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--tls-key: unsupported key type in " + keyFile);
    }
}
