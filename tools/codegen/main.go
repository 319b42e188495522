// Command codegen writes the SDKs of other languages from schema.json with Pulumi's own code
// generators (the Go packages of github.com/pulumi/pulumi/pkg/v3/codegen, the same that
// `pulumi package gen-sdk` runs inside each language host, which the Go module proxy cannot serve
// here). `make codegen` runs it after the schema step; `make lint` runs it with --check.
//
// Usage: codegen [--check] <schema.json> <repository root>
//
// It writes the Python SDK to sdk/python (package pulumi_elevenlabs). With --check it writes
// nothing, names every file that differs from what it would write (or that it would not write),
// and exits 1 when there is one.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is what each generated file names as its generator.
const tool = "pulumi-elevenlabs codegen (tools/codegen, from schema.json)"

// noDependencies answers every package lookup with an error: the schema references no other package.
type noDependencies struct{}

var errNoDependencies = errors.New("schema.json references no other package")

func (noDependencies) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

// sdk is one generated SDK: where it goes and how it is made.
type sdk struct {
	dir      string
	generate func(pkg *schema.Package) (map[string][]byte, error)
	// ignored names files under dir that are not generated and not stale (build output).
	ignored func(rel string) bool
}

var sdks = []sdk{
	{
		dir: "sdk/python",
		generate: func(pkg *schema.Package) (map[string][]byte, error) {
			return python.GeneratePackage(tool, pkg, nil, noDependencies{})
		},
		ignored: func(rel string) bool {
			for _, part := range strings.Split(rel, string(filepath.Separator)) {
				if part == "__pycache__" || part == "build" || part == "dist" || strings.HasSuffix(part, ".egg-info") {
					return true
				}
			}
			return false
		},
	},
}

func main() {
	check := flag.Bool("check", false, "compare instead of writing; exit 1 when a file is stale")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: codegen [--check] <schema.json> <repository root>")
		os.Exit(2)
	}
	stale, err := run(flag.Arg(0), flag.Arg(1), *check)
	if err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(1)
	}
	if *check {
		for _, f := range stale {
			fmt.Fprintf(os.Stderr, "%s is not what the generator produces (run `make codegen`)\n", f)
		}
		if len(stale) > 0 {
			fmt.Printf("%d SDK file(s) stale\n", len(stale))
			os.Exit(1)
		}
		fmt.Println("SDKs up to date")
		return
	}
	fmt.Printf("wrote %d SDK file(s)\n", len(stale))
}

// run generates every SDK and writes (or, with check, compares) its files; it returns the paths that
// differed, relative to root.
func run(schemaPath, root string, check bool) ([]string, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	var stale []string
	for _, s := range sdks {
		// A fresh bind per SDK: generators record their language's options on the package.
		pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
		if err != nil {
			return nil, err
		}
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s is not a valid package schema: %s", schemaPath, diags.Error())
		}
		files, err := s.generate(pkg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.dir, err)
		}
		changed, err := sync(filepath.Join(root, s.dir), files, s.ignored, check)
		if err != nil {
			return nil, err
		}
		for _, f := range changed {
			stale = append(stale, filepath.Join(s.dir, f))
		}
	}
	return stale, nil
}

// sync makes dir hold exactly files (paths relative to dir), leaving ignored files alone; with check it
// only compares. It returns the paths that differed.
func sync(dir string, files map[string][]byte, ignored func(string) bool, check bool) ([]string, error) {
	var changed []string
	for rel, want := range files {
		path := filepath.Join(dir, rel)
		have, err := os.ReadFile(path)
		if err == nil && bytes.Equal(have, want) {
			continue
		}
		changed = append(changed, rel)
		if check {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			return nil, err
		}
	}
	// Files the generator no longer writes (a removed resource) are stale too.
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() || ignored(rel) {
			return nil
		}
		if _, ok := files[filepath.ToSlash(rel)]; ok {
			return nil
		}
		changed = append(changed, rel)
		if check {
			return nil
		}
		return os.Remove(path)
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(changed)
	return changed, nil
}
