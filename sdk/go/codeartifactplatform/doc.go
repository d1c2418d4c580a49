// A locked-down AWS CodeArtifact package registry as one Pulumi component.
package codeartifactplatform
