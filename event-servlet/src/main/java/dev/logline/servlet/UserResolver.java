package dev.logline.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Names the authenticated user of an ingest request. When it returns a user id, that id is
 * written as {@code user_id} of every event in the request, whatever the browser sent.
 */
@FunctionalInterface
public interface UserResolver {
  /** The user from {@link HttpServletRequest#getUserPrincipal()}; null when unauthenticated. */
  UserResolver PRINCIPAL = request -> {
    Principal p = request.getUserPrincipal();
    return p == null ? null : p.getName();
  };

  /** No authenticated user ever: the browser's {@code user_id} (from {@code identify}) is kept. */
  UserResolver NONE = request -> null;

  /** The authenticated user's id, or null when the request is anonymous. */
  String userId(HttpServletRequest request);
}
