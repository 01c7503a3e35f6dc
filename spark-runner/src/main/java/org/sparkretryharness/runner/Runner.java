// The real-Spark backend's runner (ARCHITECTURE §7, issue 10 §1): one JVM for a whole campaign,
// reading one request per line on stdin and answering one JSON line per request on stdout (the
// driver's log goes to stderr). Each request runs one validated scenario on a fresh SparkContext
// with event logging into the request's folder; the answer names the event log and checkpoint.
//   request:  {"id": n, "scenario": {...}, "workDir": "...", "timeoutMs": n, "sparkHome": "..."?}
//   answer:   {"id": n, "ok": true, "eventLog": "...", "checkpoint": "..."|null, "timedOut": b, "wallMs": n}
//             {"id": n, "ok": false, "refused": "field: why"} or {"id": n, "ok": false, "error": "..."}
package org.sparkretryharness.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public final class Runner {
  static final ObjectMapper JSON = new ObjectMapper();

  private Runner() {}

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    // Nothing but answers on stdout: whatever Spark or a library prints goes to stderr.
    System.setOut(System.err);
    ObjectNode ready = JSON.createObjectNode();
    ready.put("ready", true);
    ready.put("sparkVersion", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    ready.put("java", System.getProperty("java.version"));
    protocol.println(JSON.writeValueAsString(ready));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) continue;
      protocol.println(JSON.writeValueAsString(answer(line)));
    }
  }

  private static ObjectNode answer(String line) {
    JsonNode request;
    try {
      request = JSON.readTree(line);
    } catch (Exception e) {
      ObjectNode bad = JSON.createObjectNode();
      bad.put("ok", false);
      bad.put("error", "the request is not JSON: " + e.getMessage());
      return bad;
    }
    ObjectNode out;
    try {
      out = ScenarioRun.run(request);
    } catch (Throwable t) {
      out = JSON.createObjectNode();
      out.put("ok", false);
      out.put("error", t.toString());
    }
    out.set("id", request.path("id"));
    return out;
  }
}
