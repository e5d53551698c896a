package io.ecsdeploy.operator.image;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Runs inside the operator's image ({@code java -cp /probe ...}, started by OperatorImageIT) and
 * prints, as {@code key=value} lines, what the operator relies on there: who it runs as, the JVM's
 * defaults, the trust anchors and TLS of the Java runtime, name resolution and which files it may
 * write. Uses only the modules the image's runtime has.
 */
public final class InImageProbe {
  private InImageProbe() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> found = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      for (String field : new String[] {"Uid", "Gid", "Groups"}) {
        if (line.startsWith(field + ":")) {
          found.put("process." + field, line.substring(field.length() + 1).trim());
        }
      }
    }
    for (String property :
        new String[] {
          "user.name",
          "user.home",
          "user.dir",
          "java.home",
          "java.io.tmpdir",
          "java.specification.version",
          "file.encoding",
          "sun.jnu.encoding"
        }) {
      found.put(property, System.getProperty(property));
    }

    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init((KeyStore) null);
    X509Certificate[] anchors =
        Arrays.stream(trust.getTrustManagers())
            .filter(X509TrustManager.class::isInstance)
            .map(X509TrustManager.class::cast)
            .findFirst()
            .orElseThrow()
            .getAcceptedIssuers();
    found.put("trust.anchors", Integer.toString(anchors.length));
    found.put(
        "trust.amazon",
        Arrays.stream(anchors)
            .map(a -> a.getSubjectX500Principal().getName())
            .filter(
                name -> name.contains("CN=Amazon Root CA") || name.contains("Starfield Services"))
            .map(name -> name.replaceAll(".*CN=([^,]+).*", "$1"))
            .sorted()
            .collect(Collectors.joining(";")));

    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, null, null);
    found.put("tls.protocols", String.join(";", tls.getDefaultSSLParameters().getProtocols()));
    found.put(
        "tls.ecdhe",
        Boolean.toString(
            Arrays.stream(tls.getDefaultSSLParameters().getCipherSuites())
                .anyMatch(s -> s.startsWith("TLS_ECDHE_"))));
    for (String algorithm : new String[] {"EC", "X25519", "RSA"}) {
      found.put(
          "keys." + algorithm,
          attempt(() -> KeyPairGenerator.getInstance(algorithm).generateKeyPair()));
    }

    found.put(
        "resolve.localhost", attempt(() -> InetAddress.getByName("localhost").getHostAddress()));
    found.put("write.tmp", attempt(() -> Files.writeString(Path.of("/tmp/probe"), "x")));
    // The user's home is the user's own: only a read-only root filesystem refuses the write.
    found.put(
        "write.home",
        attempt(() -> Files.writeString(Path.of(System.getProperty("user.home"), "probe"), "x")));

    found.forEach((key, value) -> System.out.println(key + "=" + value));
  }

  private interface Attempt {
    Object run() throws Exception;
  }

  private static String attempt(Attempt attempt) {
    try {
      Object result = attempt.run();
      return result instanceof String s ? s : "ok";
    } catch (IOException e) {
      return "refused: " + e.getClass().getSimpleName() + " " + e.getMessage();
    } catch (Exception e) {
      return "failed: " + e;
    }
  }
}
