"""Checks templates as AWS checks them: SAM's own translator (aws-sam-translator) for templates with the
AWS::Serverless transform, as packaged by `sam package`, then cfn-lint for every template. Prints one JSON object: file -> list of findings."""

import copy
import json
import os
import sys
from pathlib import Path

from cfnlint.api import ManualArgs, lint_file
from cfnlint.decode import decode
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    """Managed policy names stay as written: resolving them needs IAM, and AWS resolves them at deploy time."""

    def load(self):
        return {}


# Properties that `sam package` replaces by the S3 location it uploads the local folder or file to.
PACKAGED = {
    "AWS::Serverless::Function": ["CodeUri"],
    "AWS::Serverless::LayerVersion": ["ContentUri"],
    "AWS::Serverless::Api": ["DefinitionUri"],
    "AWS::Serverless::HttpApi": ["DefinitionUri"],
    "AWS::Serverless::StateMachine": ["DefinitionUri"],
}


def packaged(template):
    """The template as `sam package` hands it to CloudFormation: local paths become S3 locations."""
    globals_function = template.get("Globals", {}).get("Function", {})
    if isinstance(globals_function.get("CodeUri"), str) and not globals_function["CodeUri"].startswith("s3://"):
        globals_function["CodeUri"] = "s3://packaged-artifacts/" + globals_function["CodeUri"].strip("./")
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {}) if isinstance(resource, dict) else {}
        for name in PACKAGED.get(resource.get("Type"), []) if isinstance(resource, dict) else []:
            value = properties.get(name)
            if isinstance(value, str) and not value.startswith("s3://"):
                properties[name] = {"Bucket": "packaged-artifacts", "Key": value.strip("./") or "root"}
    return template


def serverless(template):
    transforms = template.get("Transform", [])
    return "AWS::Serverless-2016-10-31" in (transforms if isinstance(transforms, list) else [transforms])


def check(path, ignored_rules):
    findings = []
    template, errors = decode(path)
    if errors:
        return [{"rule": str(e.rule.id), "level": "Error", "message": e.message, "line": e.linenumber} for e in errors]
    if serverless(template):
        try:
            transform(packaged(copy.deepcopy(template)), {}, NoManagedPolicies())
        except InvalidDocumentException as e:
            findings += [{"rule": "aws-sam-translator", "level": "Error", "message": cause.message, "line": 0} for cause in e.causes]
    for match in lint_file(Path(path), config=ManualArgs(ignore_checks=ignored_rules)):
        findings.append({"rule": match.rule.id, "level": match.rule.severity.capitalize(), "message": match.message, "line": match.linenumber})
    return findings


if __name__ == "__main__":
    # The translator builds ARNs for a region; which one does not change whether a template is valid.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    ignored = [rule for rule in sys.argv[1].split(",") if rule]
    print(json.dumps({path: check(path, ignored) for path in sys.argv[2:]}))
