package dev.gatehouse.bench.peer.spring;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The peers of Gatehouse's {@code /v1/verify}: 200 with the identity in headers, else 401 (by security). */
@RestController
class VerifyController {

    @GetMapping("/health")
    String health() {
        return "ok";
    }

    @GetMapping("/verify")
    ResponseEntity<Void> verify(Principal user, HttpSession session) {
        return ResponseEntity.ok().header("Remote-User", user.getName()).header("X-Session", session.getId())
                .header("Cache-Control", "no-store").build();
    }

    @GetMapping("/api/verify")
    ResponseEntity<Void> verifyToken(@AuthenticationPrincipal Jwt jwt) {
        return ResponseEntity.ok().header("Remote-User", jwt.getSubject())
                .header("X-Session", jwt.getClaimAsString("sid")).header("Cache-Control", "no-store").build();
    }
}
