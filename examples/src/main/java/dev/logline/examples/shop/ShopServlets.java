package dev.logline.examples.shop;

import dev.logline.core.EventLogger;
import dev.logline.core.RequestContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The shop's page and API; the API handlers log backend events the way an application would. */
final class ShopServlets {
  private ShopServlets() {}

  /** Opens a request context so every event logged while handling carries the user and request. */
  static RequestContext.Scope openContext(HttpServletRequest request, String userId) {
    String requestId = request.getHeader("X-Request-Id");
    return RequestContext.builder()
        .userId(userId)
        .requestId(requestId != null ? requestId : UUID.randomUUID().toString())
        .ip(request.getRemoteAddr())
        .userAgent(request.getHeader("User-Agent"))
        .build()
        .open();
  }

  /** {@code GET /}: the page with the tracker. */
  static final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (!"/".equals(req.getRequestURI()) && !"/index.html".equals(req.getRequestURI())) {
        resp.sendError(404);
        return;
      }
      try (InputStream in = ShopServlets.class.getResourceAsStream("/shop/index.html")) {
        resp.setContentType("text/html;charset=utf-8");
        resp.getOutputStream().write(in.readAllBytes());
      }
    }
  }

  /** {@code GET /api/products}. */
  static final class ProductsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      StringBuilder json = new StringBuilder("[");
      for (Catalog.Product p : Catalog.PRODUCTS) {
        if (json.length() > 1) json.append(',');
        json.append("{\"id\":\"").append(p.id).append("\",\"name\":\"").append(p.name)
            .append("\",\"price\":").append(p.price).append('}');
      }
      json.append(']');
      resp.setContentType("application/json");
      resp.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code POST /api/checkout} (form: user, product): logs {@code checkout_completed}. */
  static final class CheckoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient EventLogger events;
    private final AtomicLong orders = new AtomicLong();

    CheckoutServlet(EventLogger events) {
      this.events = events;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String user = req.getParameter("user");
      Catalog.Product product = Catalog.find(String.valueOf(req.getParameter("product")));
      if (user == null || user.isBlank() || product == null) {
        resp.setStatus(400);
        resp.setContentType("application/json");
        resp.getOutputStream().write("{\"error\":\"user and a known product are required\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String orderId = "o-" + orders.incrementAndGet();
      try (RequestContext.Scope ignored = openContext(req, user)) {
        // Deep in a real service this would be one line; user and request come from the scope.
        events.event("checkout_completed")
            .property("order_id", orderId)
            .property("amount", product.price)
            .property("currency", "EUR")
            .property("items", 1)
            .log();
      }
      resp.setContentType("application/json");
      resp.getOutputStream().write(("{\"order_id\":\"" + orderId + "\"}").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code POST /api/signup} (form: user, method): logs {@code user_signed_up}. */
  static final class SignupServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient EventLogger events;

    SignupServlet(EventLogger events) {
      this.events = events;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String user = req.getParameter("user");
      String method = req.getParameter("method") == null ? "email" : req.getParameter("method");
      if (user == null || user.isBlank()) {
        resp.setStatus(400);
        return;
      }
      try (RequestContext.Scope ignored = openContext(req, user)) {
        events.event("user_signed_up").property("method", method).property("plan", "free").log();
      }
      resp.setStatus(204);
    }
  }

  /** {@code GET /health}: the archiver's health and the event logger's counters, for a load balancer or a human. */
  static final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient java.util.function.Supplier<dev.logline.archive.Archiver> archiver;
    private final transient EventLogger events;

    HealthServlet(java.util.function.Supplier<dev.logline.archive.Archiver> archiver, EventLogger events) {
      this.archiver = archiver;
      this.events = events;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      dev.logline.archive.Archiver a = archiver.get();
      String archive = a == null ? "null" : a.health().toJson();
      boolean down = a == null || a.health().status() == dev.logline.archive.ArchiveHealth.Status.DOWN;
      resp.setStatus(down ? 503 : 200);
      resp.setContentType("application/json");
      String body = "{\"archive\":" + archive + ",\"events\":{\"logged\":" + events.stats().logged()
          + ",\"rejected\":" + events.stats().rejected() + "}}";
      resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
