//! Loader tests on small modules written to a temporary directory.

use super::*;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }
}

fn load(dir: &Path, opts: &Options) -> Vec<LoadedUnit> {
    load_from(dir, dir, opts)
}

fn load_from(dir: &Path, base: &Path, opts: &Options) -> Vec<LoadedUnit> {
    let base = base.to_path_buf();
    load_modules(
        &[ModuleInput {
            dir: dir.to_path_buf(),
            files: None,
        }],
        &[],
        opts,
        &move |p: &Path| {
            p.strip_prefix(&base)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        },
    )
}

fn doc<'a>(u: &'a LoadedUnit, address: &str) -> &'a Document {
    u.documents
        .iter()
        .find(|d| d.resource["address"] == address)
        .unwrap_or_else(|| {
            let all: Vec<_> = u
                .documents
                .iter()
                .map(|d| d.resource["address"].clone())
                .collect();
            panic!("no {address} in {all:?}")
        })
}

fn line_of(d: &Document, path: &[&str]) -> (String, u32) {
    let p: Vec<comply_model::PathSeg> = path
        .iter()
        .map(|s| {
            s.parse::<usize>().map_or_else(
                |_| comply_model::PathSeg::Key((*s).to_string()),
                comply_model::PathSeg::Index,
            )
        })
        .collect();
    let (span, _) = d.spans.as_ref().expect("spans").locate(&p);
    (
        span.file.as_deref().unwrap_or(&d.file).to_string(),
        span.start.line,
    )
}

#[test]
fn evaluates_variables_locals_and_expressions() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        &[
            (
                "main.tf",
                r#"
locals {
  full   = "${local.prefix}-${var.env}"
  prefix = upper(var.team)
  ports  = [for p in var.ports : p + 1 if p > 20]
  by_key = { for k, v in var.buckets : k => v.acl... }
}
variable "team" { default = "data" }
variable "env" {}
variable "ports" { default = [22, 80, 10] }
variable "buckets" {
  type = map(object({ acl = optional(string, "private"), versioning = optional(bool) }))
  default = { logs = { acl = "log-delivery-write" }, web = {} }
}
resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = "${local.full}-${each.key}"
  acl      = each.value.acl
  tags     = merge({ Team = var.team }, { Ports = join(",", local.ports) })
  policy   = <<-EOT
    {"name": "${each.key}"%{ if each.key == "web" }, "web": true%{ endif }}
  EOT
  ids      = aws_s3_bucket.other[*].id
  missing  = null
}
resource "aws_s3_bucket" "other" {
  count  = length(var.ports) > 2 ? 2 : 0
  bucket = "other-${count.index}"
}
"#,
            ),
            ("terraform.tfvars", "env = \"prod\"\n"),
        ],
    );
    let units = load(dir.path(), &Options::default());
    assert_eq!(units.len(), 1);
    let u = &units[0];
    assert!(u.diagnostics.is_empty(), "{:?}", u.diagnostics);
    let logs = doc(u, r#"aws_s3_bucket.b["logs"]"#);
    let v = &logs.resource["values"];
    assert_eq!(v["bucket"], "DATA-prod-logs");
    assert_eq!(v["acl"], "log-delivery-write");
    assert_eq!(v["tags"], json!({"Team": "data", "Ports": "23,81"}));
    assert_eq!(v["policy"], "{\"name\": \"logs\"}\n");
    assert_eq!(v["ids"], json!([null, null]));
    assert_eq!(logs.resource["unknown"], json!({"ids": [true, true]}));
    assert!(v.get("missing").is_none());
    assert_eq!(logs.resource["index"], "logs");
    let web = doc(u, r#"aws_s3_bucket.b["web"]"#);
    assert_eq!(web.resource["values"]["acl"], "private");
    assert_eq!(
        web.resource["values"]["policy"],
        "{\"name\": \"web\", \"web\": true}\n"
    );
    assert_eq!(
        doc(u, "aws_s3_bucket.other[1]").resource["values"]["bucket"],
        "other-1"
    );
    // References link both ways.
    assert_eq!(
        logs.resource["related"]["aws_s3_bucket"][0]["address"],
        "aws_s3_bucket.other[0]"
    );
    assert_eq!(
        doc(u, "aws_s3_bucket.other[0]").resource["related"]["aws_s3_bucket"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // Spans: the argument's line; a missing argument → the block header; tfvars recorded.
    assert_eq!(line_of(logs, &["values", "acl"]), ("main.tf".into(), 18));
    assert_eq!(
        line_of(logs, &["values", "tags", "Team"]),
        ("main.tf".into(), 19)
    );
    assert_eq!(line_of(logs, &["values", "nope"]), ("main.tf".into(), 15));
}

/// Root provider `default_tags` read variables (set after them); a tag whose value is unknown
/// still counts as present, and a wholly unknown tag set is null (not judged), never `{}`.
#[test]
fn default_tags_with_variables_and_unknowns() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        &[(
            "main.tf",
            r#"variable "owner" { default = "me" }
variable "cc" {}
provider "aws" {
  default_tags {
    tags = { CostCenter = "x", Owner = var.owner }
  }
}
provider "aws" {
  alias = "b"
  default_tags {
    tags = { CostCenter = var.cc }
  }
}
provider "aws" {
  alias = "c"
  default_tags {
    tags = var.cc
  }
}
resource "aws_kms_key" "a" {}
resource "aws_kms_key" "b" {
  provider = aws.b
}
resource "aws_kms_key" "c" {
  provider = aws.c
}
"#,
        )],
    );
    let units = load(dir.path(), &Options::default());
    let u = &units[0];
    assert_eq!(
        doc(u, "aws_kms_key.a").resource["default_tags"],
        json!({"CostCenter": "x", "Owner": "me"})
    );
    assert_eq!(
        doc(u, "aws_kms_key.b").resource["default_tags"],
        json!({"CostCenter": null})
    );
    assert_eq!(
        doc(u, "aws_kms_key.c").resource["default_tags"],
        Value::Null
    );
}

#[test]
fn module_calls_count_for_each_dynamic_and_default_tags() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        &[
            (
                "root/main.tf",
                r#"provider "aws" {
  default_tags {
    tags = { Owner = "platform" }
  }
}
provider "aws" {
  alias = "west"
  default_tags {
    tags = { Owner = "west" }
  }
}
module "store" {
  source   = "../modules/store"
  for_each = { a = "1.0", b = "1.2" }
  name     = "s-${each.key}"
  tls      = each.value
  providers = { aws = aws.west }
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_security_group" "sg" {
  name = "sg"
  dynamic "ingress" {
    for_each = [22, 443]
    iterator = port
    content {
      from_port   = port.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
"#,
            ),
            (
                "modules/store/main.tf",
                r#"variable "name" {}
variable "tls" { default = "1.2" }
resource "aws_db_instance" "db" {
  identifier          = var.name
  storage_encrypted   = false
  ca_cert_identifier  = var.tls
  kms_key_id          = aws_kms_key.k.arn
}
resource "aws_kms_key" "k" {
  description = "key for ${var.name}"
}
"#,
            ),
        ],
    );
    let units = load_from(&dir.path().join("root"), dir.path(), &Options::default());
    let u = &units[0];
    let db = doc(u, r#"module.store["a"].aws_db_instance.db"#);
    assert_eq!(db.resource["module"], r#"module.store["a"]"#);
    assert_eq!(db.resource["values"]["identifier"], "s-a");
    assert_eq!(db.resource["values"]["ca_cert_identifier"], "1.0");
    assert_eq!(db.resource["unknown"], json!({"kms_key_id": true}));
    assert_eq!(db.resource["default_tags"], json!({"Owner": "west"}));
    assert_eq!(
        db.resource["related"]["aws_kms_key"][0]["values"]["description"],
        "key for s-a"
    );
    // Written in the child: child line, call site related. From the call: the call's line.
    let find = |path: &[&str]| {
        let p: Vec<comply_model::PathSeg> = path
            .iter()
            .map(|s| comply_model::PathSeg::Key((*s).to_string()))
            .collect();
        db.spans.as_ref().expect("spans").locate(&p).0.clone()
    };
    let enc = find(&["values", "storage_encrypted"]);
    assert_eq!(
        (enc.file.as_deref(), enc.start.line),
        (Some("modules/store/main.tf"), 5)
    );
    let origin = enc.origin.as_ref().expect("call site recorded");
    assert_eq!(
        (origin.span.file.as_deref(), origin.span.start.line),
        (Some("root/main.tf"), 12)
    );
    let tls = find(&["values", "ca_cert_identifier"]);
    assert_eq!(
        (tls.file.as_deref(), tls.start.line),
        (Some("root/main.tf"), 16)
    );
    let used = tls.origin.as_ref().expect("child line recorded");
    assert_eq!(used.span.start.line, 6);
    let sg = doc(u, "aws_security_group.sg");
    assert_eq!(sg.resource["default_tags"], json!({"Owner": "platform"}));
    assert_eq!(
        sg.resource["values"]["ingress"],
        json!([{"from_port": 22, "cidr_blocks": ["0.0.0.0/0"]}, {"from_port": 443, "cidr_blocks": ["0.0.0.0/0"]}])
    );
    assert_eq!(
        line_of(sg, &["values", "ingress", "1", "cidr_blocks"]),
        ("root/main.tf".into(), 29)
    );
    // The remote call is named in a notice; the child directory is no unit of its own.
    assert!(
        u.diagnostics
            .iter()
            .any(|d| d.code == "skipped-unit" && d.message.contains("module.remote")),
        "{:?}",
        u.diagnostics
    );
    let units = load_modules(
        &[
            ModuleInput {
                dir: dir.path().join("root"),
                files: None,
            },
            ModuleInput {
                dir: dir.path().join("modules/store"),
                files: None,
            },
        ],
        &[],
        &Options::default(),
        &|p| p.display().to_string(),
    );
    assert_eq!(units.len(), 1, "the child is not evaluated alone");
}

#[test]
fn bad_input_is_reported_not_fatal() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        &[
            ("a/main.tf", "locals {\n  a = local.b\n  b = \"${local.a}x\"\n}\nresource \"aws_s3_bucket\" \"x\" {\n  bucket = local.a\n  acl = nosuchfn(1)\n}\n"),
            ("a/broken.tf", "resource \"x\" \"y\" {\n  a = \n"),
            ("b/main.tf", "module \"c\" {\n  source = \"../c\"\n}\n"),
            ("c/main.tf", "module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_s3_bucket\" \"c\" {}\n"),
        ],
    );
    let units = load_modules(
        &[
            ModuleInput {
                dir: dir.path().join("a"),
                files: None,
            },
            ModuleInput {
                dir: dir.path().join("b"),
                files: None,
            },
            ModuleInput {
                dir: dir.path().join("c"),
                files: None,
            },
        ],
        &[],
        &Options::default(),
        &|p| p.display().to_string(),
    );
    let all: Vec<&Diagnostic> = units.iter().flat_map(|u| &u.diagnostics).collect();
    let has = |code: &str, text: &str| {
        all.iter()
            .any(|d| d.code == code && d.message.contains(text))
    };
    assert!(has("parse-error", "HCL syntax error"), "{all:?}");
    assert!(
        all.iter().any(|d| d.code == "parse-error"
            && d.line == Some(2)
            && d.file.as_deref().is_some_and(|f| f.ends_with("broken.tf"))),
        "{all:?}"
    );
    assert!(
        has("terraform-cycle", "local.a -> local.b -> local.a")
            || has("terraform-cycle", "local.b -> local.a -> local.b"),
        "{all:?}"
    );
    assert!(has("terraform-unknown-function", "nosuchfn"), "{all:?}");
    assert!(has("terraform-module-cycle", "module"), "{all:?}");
    let a = units
        .iter()
        .find(|u| u.root.ends_with('a'))
        .expect("unit a");
    assert_eq!(a.documents.len(), 1);
    assert_eq!(
        a.documents[0].resource["unknown"],
        json!({"bucket": true, "acl": true})
    );
}

#[test]
fn var_files_and_vars_override_in_order() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        &[
            ("main.tf", "variable \"a\" {}\nvariable \"n\" { type = number }\nvariable \"l\" { type = list(string) }\nresource \"x_y\" \"z\" {\n  a = var.a\n  n = var.n\n  l = var.l\n}\n"),
            ("terraform.tfvars", "a = \"tfvars\"\nn = 1\n"),
            ("x.auto.tfvars", "a = \"auto\"\n"),
            ("extra.tfvars", "n = 5\n"),
        ],
    );
    let opts = Options {
        var_files: vec![dir.path().join("extra.tfvars")],
        vars: vec!["l=[\"p\", \"q\"]".into()],
        ..Options::default()
    };
    let units = load(dir.path(), &opts);
    let d = &units[0].documents[0];
    assert_eq!(
        d.resource["values"],
        json!({"a": "auto", "n": 5, "l": ["p", "q"]})
    );
    let (span, _) = d.spans.as_ref().expect("spans").locate(&[
        comply_model::PathSeg::Key("values".into()),
        comply_model::PathSeg::Key("a".into()),
    ]);
    let o = span.origin.as_ref().expect("tfvars line recorded");
    assert_eq!(
        (o.span.file.as_deref(), o.span.start.line),
        (Some("x.auto.tfvars"), 1)
    );
}

#[test]
fn tf_json_and_plan_json() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        &[(
            "main.tf.json",
            "{\n  \"variable\": {\"env\": {\"default\": \"dev\"}},\n  \"resource\": {\n    \"aws_s3_bucket\": {\n      \"b\": {\n        \"bucket\": \"logs-${var.env}\",\n        \"versioning\": {\"enabled\": true},\n        \"tags\": {\"a\": \"b\"}\n      }\n    }\n  }\n}\n",
        )],
    );
    let units = load(dir.path(), &Options::default());
    assert!(
        units[0].diagnostics.is_empty(),
        "{:?}",
        units[0].diagnostics
    );
    let d = doc(&units[0], "aws_s3_bucket.b");
    assert_eq!(
        d.resource["values"],
        json!({"bucket": "logs-dev", "versioning": [{"enabled": true}], "tags": {"a": "b"}})
    );
    assert_eq!(
        line_of(d, &["values", "bucket"]),
        ("main.tf.json".into(), 6)
    );
    assert_eq!(
        line_of(d, &["values", "versioning"]),
        ("main.tf.json".into(), 7)
    );

    let plan = r#"{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"bucket": "logs-dev"}},
    {"address": "aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"versioning_configuration": [{"status": "Enabled"}]}}
  ], "child_modules": [{"address": "module.m", "resources": [
    {"address": "module.m.aws_kms_key.k[0]", "mode": "managed", "type": "aws_kms_key", "name": "k", "index": 0,
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"enable_key_rotation": false}}
  ]}]}},
  "resource_changes": [{"address": "aws_s3_bucket_versioning.v", "change": {"after_unknown": {"bucket": true, "id": true}}}],
  "configuration": {"provider_config": {"aws": {"expressions": {"default_tags": [{"tags": {"constant_value": {"Env": "dev"}}}]}}},
    "root_module": {"resources": [
      {"address": "aws_s3_bucket.b", "expressions": {}},
      {"address": "aws_s3_bucket_versioning.v", "expressions": {"bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]}}}
    ]}}
}"#;
    assert!(is_plan_json(plan));
    let plan_path = dir.path().join("plan.json");
    let units = load_modules(
        &[ModuleInput {
            dir: dir.path().to_path_buf(),
            files: None,
        }],
        &[(plan_path, plan.into())],
        &Options::default(),
        &|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        },
    );
    assert_eq!(units.len(), 1);
    let u = &units[0];
    assert_eq!(u.documents.len(), 3);
    let b = doc(u, "aws_s3_bucket.b");
    assert_eq!(&*b.file, "main.tf.json", "mapped to the configuration");
    assert_eq!(b.resource["default_tags"], json!({"Env": "dev"}));
    assert_eq!(
        b.resource["related"]["aws_s3_bucket_versioning"][0]["address"],
        "aws_s3_bucket_versioning.v"
    );
    let v = doc(u, "aws_s3_bucket_versioning.v");
    assert_eq!(v.resource["unknown"], json!({"bucket": true, "id": true}));
    assert_eq!(&*v.file, "plan.json");
    assert_eq!(
        line_of(v, &["values", "versioning_configuration"]),
        ("plan.json".into(), 7)
    );
    let k = doc(u, "module.m.aws_kms_key.k[0]");
    assert_eq!(
        (k.resource["module"].as_str(), k.resource["index"].as_u64()),
        (Some("module.m"), Some(0))
    );
}
