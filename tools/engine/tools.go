//go:build tools

// Package tools pins the Pulumi CLI so that go.mod/go.sum record its exact version.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
