# Source this file to use the Pulumi CLI built by tools/pulumi/install.sh (bash or zsh from anywhere;
# plain sh only from the repository root):
#
#   source scripts/pulumi-env.sh
#
# It only sets variables; it builds nothing. Values already set in your environment win, except PATH,
# where the built bin directory is put first.

# Repository root: the parent of the directory holding this file.
if [ -n "${BASH_SOURCE:-}" ]; then
	_pulumi_env_file=${BASH_SOURCE[0]}
elif [ -n "${ZSH_VERSION:-}" ]; then
	_pulumi_env_file=${(%):-%x}
else
	# POSIX sh cannot tell which file is being sourced: expect to be run from the repository root.
	_pulumi_env_file=$PWD/scripts/pulumi-env.sh
fi
_pulumi_env_root=$(cd "$(dirname "$_pulumi_env_file")/.." && pwd)
_pulumi_env_bin="$_pulumi_env_root/.tools/pulumi-$(sed -n 's/^PULUMI_VERSION=//p' "$_pulumi_env_root/versions.env")/bin"

# The CLI, the language hosts (pulumi-language-nodejs/python/go) and the launcher scripts
# (pulumi-analyzer-policy, ...) live together; the engine finds plugins on PATH and beside `pulumi`.
case ":$PATH:" in
	*":$_pulumi_env_bin:"*) ;;
	*) PATH="$_pulumi_env_bin:$PATH" ;;
esac

# Never try to reach the network to look for a newer CLI.
PULUMI_SKIP_UPDATE_CHECK=true
# Answer confirmation prompts as if --yes was given (a real CLI setting; destructive --force checks stay).
PULUMI_SKIP_CONFIRMATIONS=true
# Passphrase for the secrets of stacks on local file backends (tests only; set your own, or
# PULUMI_CONFIG_PASSPHRASE_FILE, to override).
if [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
	: "${PULUMI_CONFIG_PASSPHRASE:=offline-test-passphrase}"
	export PULUMI_CONFIG_PASSPHRASE
fi
# Keep credentials, plugins and workspace settings out of ~/.pulumi.
: "${PULUMI_HOME:=$_pulumi_env_root/.tools/pulumi-home}"

export PATH PULUMI_SKIP_UPDATE_CHECK PULUMI_SKIP_CONFIRMATIONS PULUMI_HOME
unset _pulumi_env_file _pulumi_env_root _pulumi_env_bin
