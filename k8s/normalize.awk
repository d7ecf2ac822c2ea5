# Makes the YAML that quarkus-kubernetes and quarkus-helm generate reproducible, for k8s/generate.sh (and the check
# of deploy-tests that the committed copies are what the build generated). Run with LC_ALL=C (byte order).
# The Quarkus build runs its steps in parallel, so the order of labels, env entries and ports changes from one build to
# the next; the commit id changes with every commit. This script
#   - drops the app.quarkus.io/commit-id annotation,
#   - sorts the entries of each labels:, matchLabels: and selector: map of plain "key: value" lines,
#   - sorts the items of each env: and ports: list by their first line ("- name: ...", "- containerPort: ...").
# Nothing else changes; Helm template expressions pass through as text.

function indent(s) { match(s, /^ */); return RLENGTH }

# column of the key in "    key:" or "    - key:"
function keycol(s,    n) { n = indent(s); if (substr(s, n + 1, 2) == "- ") n += 2; return n }

function sort_block(arr, n,    i, j, t) {
    for (i = 2; i <= n; i++) {
        t = arr[i]
        for (j = i - 1; j >= 1 && arr[j] > t; j--) arr[j + 1] = arr[j]
        arr[j + 1] = t
    }
}

{ if ($0 !~ /app\.quarkus\.io\/commit-id:/) line[++count] = $0 }

END {
    i = 1
    while (i <= count) {
        s = line[i]
        print s
        i++
        if (s ~ /^ *(- )?(labels|matchLabels|selector):$/) {
            k = keycol(s) + 2
            n = 0
            while (i <= count && indent(line[i]) == k && line[i] ~ /^ *[^ -][^ :]*: [^ ].*$/) {
                block[++n] = line[i]
                i++
            }
            sort_block(block, n)
            for (b = 1; b <= n; b++) print block[b]
        } else if (s ~ /^ *(- )?(env|ports):$/) {
            k = keycol(s) + 2
            n = 0
            while (i <= count && (indent(line[i]) > k || (indent(line[i]) == k && substr(line[i], k + 1, 2) == "- "))) {
                if (indent(line[i]) == k) item[++n] = line[i]
                else item[n] = item[n] "\n" line[i]
                i++
            }
            sort_block(item, n)
            for (b = 1; b <= n; b++) print item[b]
        }
    }
}
