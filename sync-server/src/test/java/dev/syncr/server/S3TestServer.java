package dev.syncr.server;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/** A real S3 API (S3Proxy over jclouds' in-memory store) on a loopback port, for tests. */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "syncr-test-access";
    public static final String SECRET_KEY = "syncr-test-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private S3TestServer(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    public static S3TestServer start() throws Exception {
        Properties properties = new Properties();
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3TestServer(proxy, context);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public int port() {
        return proxy.getPort();
    }

    /** The server flags that point a Syncr server at this S3, for a bucket. */
    public String[] flags(String bucket) {
        return new String[] {"--blob", "s3://" + bucket, "--s3-endpoint", endpoint(),
                "--s3-access-key", ACCESS_KEY, "--s3-secret-key", SECRET_KEY};
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
