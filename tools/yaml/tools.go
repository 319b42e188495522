//go:build tools

// Package tools pins the YAML language host (pulumi-language-yaml), which scripts/ensure-languages.sh
// builds next to the engine so that YAML projects run with the real CLI.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
