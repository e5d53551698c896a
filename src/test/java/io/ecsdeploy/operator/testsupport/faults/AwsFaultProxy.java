package io.ecsdeploy.operator.testsupport.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy between AWS SDK clients and an emulator endpoint that forwards every request
 * (method, path, query, headers, body) and returns the emulator's reply, unless a {@link FaultRule}
 * says otherwise for the call's {@linkplain AwsOperations recognised operation}.
 *
 * <pre>{@code
 * try (AwsFaultProxy proxy = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint(), 42)) {
 *   proxy.inject(FaultRule.on("CreateTaskSet").onCall(1).lostReply(Duration.ofSeconds(10)));
 *   proxy.onMutatingCall((k, operation) -> { if (k == 3) operator.kill(); });
 *   // point the operator's clients at proxy.endpoint() (AwsClientConfig / ECSDEPLOY_AWS_ENDPOINT)
 *   ...
 *   assertThat(proxy.faults("CreateTaskSet", FaultKind.LOST_REPLY)).isEqualTo(1);
 *   assertThat(proxy.mutatingCalls()).extracting(MutatingCall::operation)...;
 * }
 * }</pre>
 *
 * <p>Faults (see {@link ErrorReplies} for each protocol's error shape): throttling, HTTP 500, HTTP
 * 503 (none of these reaches the emulator), added latency, a reset (the connection is closed
 * without any reply; the client sees an I/O error such as "Unexpected end of file from server"),
 * and a lost reply (the emulator performs the call, the client gets nothing until the hold is over
 * and then a closed connection; it times out first). Latency rules add up; of the other rules the
 * first injected one that fires applies. Probabilities are drawn from one {@link Random} seeded at
 * start, so a run with the same calls in the same order injects the same faults.
 *
 * <p>Counters: {@link #calls(String)} per operation (every call the proxy received), {@link
 * #faults(String, FaultKind)}, and {@link #mutatingCalls()}, the ordered log of mutating calls
 * (with the {@code externalId} of a {@code CreateTaskSet}). {@link #onMutatingCall} listeners run
 * right after the k-th mutating call the emulator performed has been answered (for a lost reply:
 * right after the emulator answered, while the client still waits); calls arriving meanwhile are
 * held until the listeners return, so a listener that kills the operator sees no later call reach
 * the emulator.
 */
public final class AwsFaultProxy implements AutoCloseable {

  /** Called after the k-th (1-based) mutating call the emulator performed. */
  @FunctionalInterface
  public interface MutatingCallListener {
    void onMutatingCall(int k, String operation);
  }

  /** Called after a mutating call the emulator performed, with the call as logged. */
  @FunctionalInterface
  public interface PerformedCallListener {
    void onPerformed(MutatingCall call);
  }

  /**
   * A mutating call the proxy received.
   *
   * @param k its number among the mutating calls the emulator performed, or 0 if a fault kept it
   *     from the emulator
   * @param operation the operation
   * @param at when the proxy received it
   * @param externalId the {@code externalId} of a {@code CreateTaskSet}, else {@code null}
   * @param fault the fault injected, or {@code null}
   * @param status the HTTP status the client got (or the emulator gave, for a lost reply), or 0 for
   *     a reset
   * @param parameters the request's parameters (see {@link CallParameters}): what a test needs to
   *     tell which deployment made the call
   */
  public record MutatingCall(
      int k,
      AwsOperation operation,
      Instant at,
      String externalId,
      FaultKind fault,
      int status,
      Map<String, String> parameters) {
    public boolean performed() {
      return k > 0;
    }

    /** A parameter of the request, or {@code null}. */
    public String parameter(String name) {
      return parameters.get(name);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> NOT_FORWARDED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");
  private static final Set<String> NOT_RETURNED =
      Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "date");

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient http;
  private final Random random;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final List<MutatingCallListener> listeners = new CopyOnWriteArrayList<>();
  private final List<PerformedCallListener> performedListeners = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> upstreamNanos = new ConcurrentHashMap<>();
  private final List<MutatingCall> mutatingLog = new ArrayList<>();
  private final List<AwsOperation> operations = new CopyOnWriteArrayList<>();
  private int performedMutations;
  private volatile CountDownLatch listenersRunning = new CountDownLatch(0);

  private AwsFaultProxy(URI upstream, long seed) throws IOException {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.random = new Random(seed);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "aws-fault-proxy");
              thread.setDaemon(true);
              return thread;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy in front of {@code upstream}, on a free loopback port, with seed 0. */
  public static AwsFaultProxy start(URI upstream) {
    return start(upstream, 0L);
  }

  /** A proxy in front of {@code upstream}, drawing probabilities from {@code new Random(seed)}. */
  public static AwsFaultProxy start(URI upstream, long seed) {
    try {
      return new AwsFaultProxy(upstream, seed);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fault proxy", e);
    }
  }

  /** Where clients should send their requests. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public URI upstream() {
    return upstream;
  }

  /** Adds a rule (after those already there) and returns it, to read its counts later. */
  public FaultRule inject(FaultRule rule) {
    rules.add(Objects.requireNonNull(rule, "rule"));
    return rule;
  }

  /** Removes every rule: from now on every call passes through. */
  public void clearFaults() {
    rules.clear();
  }

  public void onMutatingCall(MutatingCallListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Like {@link #onMutatingCall}, with the whole call as logged (its parameters tell which resource
   * it changed). Runs after the {@link MutatingCallListener}s, with later calls held the same way.
   */
  public void onPerformed(PerformedCallListener listener) {
    performedListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Calls received for an operation, by name ({@code CreateTaskSet}) or {@code Service:Name}. */
  public long calls(String operation) {
    return count(calls, operation);
  }

  /**
   * The time the emulator took to answer the calls forwarded to it, by operation name: what a
   * benchmark counts as the emulator's share, apart from the operator's own time.
   */
  public Map<String, Duration> upstreamTime() {
    Map<String, Duration> times = new java.util.TreeMap<>();
    upstreamNanos.forEach(
        (operation, nanos) -> times.put(operation, Duration.ofNanos(nanos.get())));
    return times;
  }

  /** Calls received so far through these proxies, by operation ({@code Service:Name}). */
  public static Map<String, Long> callsByOperation(List<AwsFaultProxy> proxies) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (AwsFaultProxy proxy : proxies) {
      for (AwsOperation operation : proxy.operations()) {
        counts.merge(operation.toString(), 1L, Long::sum);
      }
    }
    return counts;
  }

  /**
   * The calls received through these proxies since {@code before} (what {@link #callsByOperation}
   * returned then), by operation: only the operations called meanwhile.
   */
  public static Map<String, Long> callsSince(
      Map<String, Long> before, List<AwsFaultProxy> proxies) {
    Map<String, Long> made = new java.util.TreeMap<>();
    callsByOperation(proxies)
        .forEach(
            (operation, count) -> {
              long delta = count - before.getOrDefault(operation, 0L);
              if (delta > 0) {
                made.put(operation, delta);
              }
            });
    return made;
  }

  /** Every call received. */
  public long calls() {
    return operations.size();
  }

  /** Faults of a kind injected into an operation's calls (name or {@code Service:Name}). */
  public long faults(String operation, FaultKind kind) {
    return count(faults, operation + "/" + kind);
  }

  /** Faults of a kind injected into any call. */
  public long faults(FaultKind kind) {
    return count(faults, "*/" + kind);
  }

  /** The operations of every call received, in order. */
  public List<AwsOperation> operations() {
    return List.copyOf(operations);
  }

  /** The mutating calls received, in order. */
  public List<MutatingCall> mutatingCalls() {
    synchronized (mutatingLog) {
      return List.copyOf(mutatingLog);
    }
  }

  /** How many mutating calls the emulator performed. */
  public int performedMutatingCalls() {
    synchronized (mutatingLog) {
      return performedMutations;
    }
  }

  private static long count(Map<String, AtomicLong> counters, String key) {
    AtomicLong counter = counters.get(key.toLowerCase(Locale.ROOT));
    return counter == null ? 0 : counter.get();
  }

  private static void increment(Map<String, AtomicLong> counters, AwsOperation op, String suffix) {
    for (String key : List.of(op.name(), op.service() + ":" + op.name(), "*")) {
      if (key.equals("*") && suffix.isEmpty()) {
        continue;
      }
      counters
          .computeIfAbsent((key + suffix).toLowerCase(Locale.ROOT), k -> new AtomicLong())
          .incrementAndGet();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod();
      AwsOperation operation =
          AwsOperations.recognise(
              method, uri.getRawPath(), uri.getRawQuery(), exchange.getRequestHeaders(), body);
      operations.add(operation);
      increment(calls, operation, "");
      Instant at = Instant.now();
      Map<String, String> parameters =
          operation.mutating()
              ? CallParameters.of(operation, uri.getRawPath(), uri.getRawQuery(), body)
              : Map.of();
      String externalId = parameters.get("externalId");

      Duration latency = Duration.ZERO;
      FaultRule fault = null;
      synchronized (random) {
        for (FaultRule rule : rules) {
          if (rule.kind() == FaultKind.LATENCY) {
            if (rule.fires(operation, parameters, random)) {
              latency = latency.plus(rule.duration());
            }
          } else if (fault == null && rule.fires(operation, parameters, random)) {
            fault = rule;
          }
        }
      }
      if (!latency.isZero()) {
        increment(faults, operation, "/" + FaultKind.LATENCY);
        if (waitOrClosed(latency)) {
          exchange.close();
          return;
        }
      }
      FaultKind kind = fault == null ? null : fault.kind();
      if (kind != null) {
        increment(faults, operation, "/" + kind);
      }
      if (kind == FaultKind.THROTTLE
          || kind == FaultKind.INTERNAL_ERROR
          || kind == FaultKind.SERVICE_UNAVAILABLE) {
        ErrorReplies.Reply reply = ErrorReplies.forFault(operation, kind);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        send(exchange, method, reply.status(), reply.body());
        logUnperformed(operation, at, externalId, kind, reply.status(), parameters);
        return;
      }
      if (kind == FaultKind.RESET) {
        // Closing before the response headers drops the connection without a reply.
        exchange.close();
        logUnperformed(operation, at, externalId, kind, 0, parameters);
        return;
      }
      HttpResponse<byte[]> response;
      try {
        // A listener may be stopping the operator: nothing reaches the emulator meanwhile.
        // (A listener must not call through this proxy; after a minute the call goes on anyway.)
        listenersRunning.await(1, TimeUnit.MINUTES);
        long sent = System.nanoTime();
        response = forward(exchange, method, uri, body);
        upstreamNanos
            .computeIfAbsent(operation.name(), k -> new AtomicLong())
            .addAndGet(System.nanoTime() - sent);
      } catch (IOException e) {
        byte[] message = ("fault proxy: upstream failed: " + e).getBytes();
        send(exchange, method, 502, message);
        return;
      }
      if (kind == FaultKind.LOST_REPLY) {
        fireListeners(
            performed(operation, at, externalId, kind, response.statusCode(), parameters));
        waitOrClosed(fault.duration());
        exchange.close();
        return;
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT))
                    && !name.startsWith(":")) {
                  values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
              });
      Performed performed =
          performed(operation, at, externalId, kind, response.statusCode(), parameters);
      try {
        send(exchange, method, response.statusCode(), response.body());
      } finally {
        fireListeners(performed);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    } catch (RuntimeException | IOException e) {
      exchange.close();
      throw e;
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException, InterruptedException {
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream.toString().replaceAll("/$", "") + pathAndQuery))
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void send(HttpExchange exchange, String method, int status, byte[] body)
      throws IOException {
    boolean noBody = body.length == 0 || "HEAD".equals(method) || status == 204 || status == 304;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private void logUnperformed(
      AwsOperation operation,
      Instant at,
      String externalId,
      FaultKind kind,
      int status,
      Map<String, String> parameters) {
    if (operation.mutating()) {
      synchronized (mutatingLog) {
        mutatingLog.add(new MutatingCall(0, operation, at, externalId, kind, status, parameters));
      }
    }
  }

  /**
   * Logs a mutating call the emulator performed and, when there are listeners, holds back later
   * calls until {@link #fireListeners} ran; null for a call that does not mutate.
   */
  private Performed performed(
      AwsOperation operation,
      Instant at,
      String externalId,
      FaultKind kind,
      int status,
      Map<String, String> parameters) {
    if (!operation.mutating()) {
      return null;
    }
    synchronized (mutatingLog) {
      int k = ++performedMutations;
      MutatingCall call = new MutatingCall(k, operation, at, externalId, kind, status, parameters);
      mutatingLog.add(call);
      CountDownLatch running = new CountDownLatch(1);
      listenersRunning = running;
      return new Performed(call, running);
    }
  }

  private record Performed(MutatingCall call, CountDownLatch running) {}

  private void fireListeners(Performed performed) {
    if (performed == null) {
      return;
    }
    try {
      for (MutatingCallListener listener : listeners) {
        listener.onMutatingCall(performed.call().k(), performed.call().operation().name());
      }
      for (PerformedCallListener listener : performedListeners) {
        listener.onPerformed(performed.call());
      }
    } finally {
      performed.running().countDown();
    }
  }

  /** Waits for the duration; true if the proxy was closed meanwhile. */
  private boolean waitOrClosed(Duration duration) throws InterruptedException {
    return closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Releases held replies, stops the server and its threads. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "AwsFaultProxy " + endpoint() + " -> " + upstream + " " + rules;
  }
}
