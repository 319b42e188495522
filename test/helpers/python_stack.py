"""Runs a Python Pulumi program through Pulumi's Python Automation API, for the engine tests.

Usage: python python_stack.py '<request JSON>' where the request has
  program  path of a module that defines program() (a Pulumi program, run inline)
  steps    operations in order: up, preview, refresh, refresh-preview, destroy
  workDir  the workspace's folder (where the engine starts the provider plugin)
  stack, project, config (plain), secrets (set as secrets)
The backend, PULUMI_HOME and passphrase come from the environment. Prints the engine's output on
stderr and, as its last line on stdout, a JSON list with one entry per step:
{"step", "changes" (same left out), "outputs"?, "error"?}. A failed step ends the run.
"""

import importlib.util
import json
import os
import sys

from pulumi import automation as auto


def load_program(path):
    spec = importlib.util.spec_from_file_location("program_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.program


def changes_of(summary):
    return {k: v for k, v in (summary or {}).items() if k != "same" and v}


def main():
    req = json.loads(sys.argv[1])
    program = load_program(req["program"])
    log = lambda line: print(line, file=sys.stderr)
    stack = auto.create_or_select_stack(
        stack_name=req["stack"],
        project_name=req["project"],
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=req["workDir"],
            project_settings=auto.ProjectSettings(name=req["project"], runtime="python"),
            env_vars=dict(os.environ),
        ),
    )
    config = {k: auto.ConfigValue(v) for k, v in req.get("config", {}).items()}
    config.update({k: auto.ConfigValue(v, secret=True) for k, v in req.get("secrets", {}).items()})
    stack.set_all_config(config)
    results = []
    for step in req["steps"]:
        entry = {"step": step, "changes": {}}
        try:
            if step == "up":
                r = stack.up(on_output=log, parallel=1)
                entry["changes"] = changes_of(r.summary.resource_changes)
                entry["outputs"] = {k: v.value for k, v in r.outputs.items()}
            elif step == "preview":
                r = stack.preview(on_output=log)
                entry["changes"] = changes_of(r.change_summary)
            elif step == "refresh":
                r = stack.refresh(on_output=log)
                entry["changes"] = changes_of(r.summary.resource_changes)
            elif step == "refresh-preview":
                r = stack.preview_refresh(on_output=log)
                entry["changes"] = changes_of(r.change_summary)
            elif step == "destroy":
                r = stack.destroy(on_output=log)
                entry["changes"] = changes_of(r.summary.resource_changes)
            else:
                raise ValueError("unknown step " + step)
        except Exception as err:  # reported to the test, which decides
            entry["error"] = str(err)
            results.append(entry)
            break
        results.append(entry)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
