//! Prints the normalised document of each pipeline file given on the command line, with the
//! diagnostics: `cargo run -p comply-pipelines --example dump -- .github/workflows/ci.yml`.
//! Useful when writing a policy against the document shape.

use std::sync::Arc;

fn main() {
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{arg}: {e}");
                continue;
            }
        };
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let file: Arc<str> = arg.as_str().into();
        match comply_pipelines::load(&file, &abs, &text) {
            None => println!("{arg}: not a pipeline"),
            Some(l) => {
                for d in &l.documents {
                    let input = d.to_input();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&input).unwrap_or_default()
                    );
                }
                for d in &l.diagnostics {
                    println!(
                        "{:?} {}:{}: {} [{}]",
                        d.level,
                        d.file.as_deref().unwrap_or(""),
                        d.line.unwrap_or(0),
                        d.message,
                        d.code
                    );
                }
            }
        }
    }
}
