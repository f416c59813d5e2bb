package dev.gatehouse.rp.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Started by SpringRelyingPartyTest with the issuer, the client and the port on the command line. */
@SpringBootApplication
public class RelyingPartyApplication {

    public static void main(String[] args) {
        SpringApplication.run(RelyingPartyApplication.class, args);
    }
}
