//! Throughput measurement on a generated ~30 MB manifest stream (a measurement, not a test):
//! `cargo run --release -p comply-yaml --example throughput`.

use comply_yaml::{parse_stream, Options};
use std::time::Instant;

const OBJECTS: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-NNN
  namespace: prod
  labels: {app: web, tier: \"front\", team: payments}
  annotations:
    description: >-
      A long folded description of the deployment that spans
      more than a single line of text.
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: web
      containers:
        - name: app
          image: registry.example.com/web:1.25.3
          args: [--port, \"8080\", --verbose]
          ports:
            - containerPort: 8080
              protocol: TCP
          resources:
            limits: {cpu: 500m, memory: 256Mi}
            requests: {cpu: 100m, memory: 128Mi}
          securityContext:
            privileged: false
            runAsNonRoot: yes
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
          env:
            - name: MODE
              value: production
            - name: CONFIG
              value: |
                key=value
                other=thing
---
apiVersion: v1
kind: Service
metadata:
  name: web-NNN
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: 8080
  selector: {app: web}
---
";

fn main() {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 30 * 1024 * 1024 {
        text.push_str(&OBJECTS.replace("NNN", &n.to_string()));
        n += 1;
    }
    let opts = Options::default();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let docs = parse_stream(&text, &opts);
        let secs = t.elapsed().as_secs_f64();
        best = best.min(secs);
        assert_eq!(docs.len(), n * 2);
        assert!(docs.iter().all(Result::is_ok));
        let last = docs
            .last()
            .and_then(|d| d.as_ref().ok())
            .map(|d| d.start_line);
        assert_eq!(
            last,
            Some(u32::try_from(text.lines().count()).unwrap_or(0) - 10)
        );
    }
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    eprintln!(
        "{mb:.1} MB, {} documents: best {best:.3}s = {:.1} MB/s",
        n * 2,
        mb / best
    );
    // Baseline on the same machine and load: saphyr-parser events alone, no tree.
    let mut base = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut events = 0usize;
        while let Some(Ok(_)) = parser.next_event() {
            events += 1;
        }
        base = base.min(t.elapsed().as_secs_f64());
        assert!(events > n);
    }
    eprintln!(
        "saphyr-parser events only: best {base:.3}s = {:.1} MB/s",
        mb / base
    );
    let t = Instant::now();
    let chunks = comply_yaml::split_stream(&text);
    eprintln!(
        "split_stream alone: {:.3}s for {} chunks",
        t.elapsed().as_secs_f64(),
        chunks.len()
    );
    let t = Instant::now();
    let mut events = 0usize;
    for c in &chunks {
        let mut parser = saphyr_parser::Parser::new_from_str(c.text);
        while let Some(Ok(_)) = parser.next_event() {
            events += 1;
        }
    }
    eprintln!(
        "events per chunk: {:.3}s ({events} events)",
        t.elapsed().as_secs_f64()
    );
    // Tree per chunk, each dropped right away (a caller that evaluates and discards).
    let mut best_chunk = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let mut docs = 0usize;
        for c in &chunks {
            docs += comply_yaml::parse_chunk(c, &opts).len();
        }
        best_chunk = best_chunk.min(t.elapsed().as_secs_f64());
        assert_eq!(docs, n * 2);
    }
    eprintln!(
        "parse_chunk, each tree dropped at once: best {best_chunk:.3}s = {:.1} MB/s",
        mb / best_chunk
    );
}
