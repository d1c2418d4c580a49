# offline aws stand-in: `source tools/offline-aws/env.sh` (bash) to run Pulumi against the fake
# `aws` provider plugin of this directory instead of AWS. It builds the stand-in if needed, sets
# PULUMI_OFFLINE_AWS_STANDIN=1 and puts tools/offline-aws/launcher first on PATH, where the Pulumi
# engine finds `pulumi-resource-aws` and `pulumi-resource-aws-native` as ambient plugins (so no
# aws or aws-native plugin is downloaded).
# Nothing run in this mode touches AWS; undo with `offline_aws_standin_off`.

_offline_aws_dir=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]:-$0}")" && pwd)

_offline_aws_build() {
    (
        cd "$_offline_aws_dir" || exit 1
        if [ ! -d node_modules/@pulumi/pulumi ] || [ ! -d node_modules/typescript ]; then
            echo "offline aws stand-in: installing dependencies (npm ci)" >&2
            npm ci --no-audit --no-fund --loglevel=error >&2 || exit 1
        fi
        if [ ! -f bin/src/main.js ] || [ -n "$(find src -name '*.ts' -newer bin/src/main.js 2>/dev/null | head -n 1)" ]; then
            echo "offline aws stand-in: building (npm run build)" >&2
            npm run --silent build >&2 || exit 1
        fi
    )
}

if _offline_aws_build; then
    export PULUMI_OFFLINE_AWS_STANDIN=1
    case ":$PATH:" in
        "$_offline_aws_dir/launcher:"*) ;;
        *) export PATH="$_offline_aws_dir/launcher:$PATH" ;;
    esac
    # Ambient plugin lookup must stay on, otherwise the engine looks for (and tries to download) the real plugin.
    unset PULUMI_IGNORE_AMBIENT_PLUGINS
    echo "offline aws stand-in enabled: pulumi-resource-aws and pulumi-resource-aws-native are in $_offline_aws_dir/launcher (test doubles: no AWS calls, account ${OFFLINE_AWS_ACCOUNT_ID:-111122223333})" >&2
else
    echo "offline aws stand-in: build failed; NOT enabled" >&2
fi

offline_aws_standin_off() {
    unset PULUMI_OFFLINE_AWS_STANDIN
    PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$_offline_aws_dir/launcher" | paste -sd: -)
    export PATH
    echo "offline aws stand-in disabled" >&2
}
