#!/usr/bin/env bash
# Creates (or checks) the plant's PostgreSQL database for the plant tier (docs/plant.md) on the
# plant server, with Debian's postgresql packages: a cluster, a login role for the gates and a
# database owned by it. gated creates and migrates the tables itself on first contact.
#
#   deploy/plant-db.sh [--cluster 15/main] [--port 5432] [--database plant] [--role plant_gates]
#                      [--password-file /etc/gate/plant.password] [--allow CIDR]...
#   deploy/plant-db.sh --check [same options]
#
# The password is the password file's first line; a missing file is created with a random
# password (mode 600). Each --allow CIDR (the gates' network, e.g. 10.20.0.0/24) gets a
# scram-sha-256 line in pg_hba.conf and the server listens on all addresses; without --allow only
# this machine can connect. At the end it prints the `plant { … }` block for the gates' gated
# configuration. Idempotent: an existing cluster, role or database is kept (the role's password
# is set from the file again).
set -euo pipefail

cluster="" port="" database=plant role=plant_gates password_file=/etc/gate/plant.password
check=0
allow=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) cluster="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --role) role="$2"; shift 2 ;;
    --password-file) password_file="$2"; shift 2 ;;
    --allow) allow+=("$2"); shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "plant-db: unknown option $1; see 'deploy/plant-db.sh --help'" >&2; exit 2 ;;
  esac
done
for name in "$database" "$role"; do
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "plant-db: '$name' is not a plain SQL name (a-z, 0-9, _)" >&2; exit 2; }
done

if ! command -v pg_lsclusters >/dev/null; then
  [ "$check" -eq 0 ] || { echo "plant-db: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  [ "$(id -u)" -eq 0 ] || { echo "plant-db: run as root to install postgresql" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  cluster="$version/main"
fi
version=${cluster%%/*} name=${cluster#*/}

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$cluster"; then
  [ "$check" -eq 0 ] || { echo "plant-db: no cluster $cluster (run without --check to create it)" >&2; exit 1; }
  pg_createcluster "$version" "$name" ${port:+--port "$port"}
fi
port=$(pg_lsclusters -h | awk -v c="$cluster" '$1"/"$2==c {print $3}')
if [ "$check" -eq 0 ] && pg_lsclusters -h | awk -v c="$cluster" '$1"/"$2==c {print $4}' | grep -qx down; then
  pg_ctlcluster "$version" "$name" start
fi
pg_isready -q -h /var/run/postgresql -p "$port" || { echo "plant-db: cluster $cluster on port $port is not accepting connections (pg_ctlcluster $version $name start; see /var/log/postgresql/)" >&2; exit 1; }

as_postgres() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"; }

if [ "$check" -eq 1 ]; then
  [ -r "$password_file" ] || { echo "plant-db: cannot read $password_file" >&2; exit 1; }
  PGPASSWORD=$(head -n1 "$password_file") psql -X -q -h 127.0.0.1 -p "$port" -U "$role" -d "$database" \
    -c 'SELECT 1' >/dev/null || { echo "plant-db: role $role cannot log in to $database on 127.0.0.1:$port with the password in $password_file" >&2; exit 1; }
  as_role() { PGPASSWORD=$(head -n1 "$password_file") psql -X -At -h 127.0.0.1 -p "$port" -U "$role" -d "$database" -c "$1"; }
  version_at=0
  if [ "$(as_role "SELECT to_regclass('schema_version') IS NOT NULL")" = t ]; then
    version_at=$(as_role 'SELECT version FROM schema_version')
  fi
  echo "plant-db: $cluster on port $port: role $role logs in to $database; plant schema version $version_at"
  exit 0
fi

if [ ! -e "$password_file" ]; then
  mkdir -p "$(dirname "$password_file")"
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
fi
password=$(head -n1 "$password_file")
[ -n "$password" ] || { echo "plant-db: $password_file is empty" >&2; exit 1; }

# The password travels in the environment to psql (\getenv, quoted by format's %L), never on
# a command line.
PLANT_DB_PASSWORD="$password" as_postgres -d postgres -v role="$role" <<'SQL'
\getenv pw PLANT_DB_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'pw') \gexec
SQL
as_postgres -d postgres -v role="$role" -v db="$database" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', :'db', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

if [ ${#allow[@]} -gt 0 ]; then
  hba=$(as_postgres -At -d postgres -c 'SHOW hba_file')
  for cidr in "${allow[@]}"; do
    line="host $database $role $cidr scram-sha-256"
    grep -qxF "$line" "$hba" || echo "$line" >> "$hba"
  done
  pg_conftool "$version" "$name" set listen_addresses '*'
  pg_ctlcluster "$version" "$name" restart
fi

host=$(hostname -f 2>/dev/null || hostname)
cat <<EOF2
plant-db: cluster $cluster on port $port, database $database, role $role (password in $password_file)
Each gate's gated configuration (copy the password file to the gate, readable by gated only):
  plant { conninfo: "host=$host port=$port dbname=$database user=$role" password_file: "$password_file" }
Check: deploy/plant-db.sh --check --cluster $cluster --database $database --role $role --password-file $password_file
EOF2
