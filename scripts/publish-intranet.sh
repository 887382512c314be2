#!/usr/bin/env bash
# 内网服务器发布脚本：检查内容 → 严格构建 → 无障碍检查（可跳过）→ 用 rsync 复制到网站目录。
# 说明见 docs/publishing.md。
#
# 用法：scripts/publish-intranet.sh [--dry-run] [--no-audit] [目标]
#
#   目标          rsync 的目标：本机目录（/var/www/zwgk/）或远程目录（user@host:/var/www/zwgk/）。
#                 不写时使用环境变量 GONGKAI_DEPLOY_TARGET。
#   --dry-run     照常检查和构建，但只列出将要复制和删除的文件，不改动目标。
#   --no-audit    跳过无障碍检查（make audit）。
#
# 环境变量：
#   GONGKAI_DEPLOY_TARGET  发布目标（命令行参数优先）。
#   GONGKAI_PYTHON         用哪个 Python 检查和构建（须已安装 requirements.txt）。
#                          不设置时用仓库内的 .venv（由 make deps 创建或更新）。
#   GONGKAI_AUDIT=0        等同于 --no-audit。
#   RSYNC_RSH              rsync 使用的远程 shell，例如 "ssh -p 2222 -i /root/.ssh/zwgk_deploy"。
#
# 退出码：0 成功；1 检查、构建、审查或复制失败；2 用法错误。
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}
say() { printf '==> %s\n' "$*"; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }
usage_error() { printf '错误：%s\n用 --help 查看用法。\n' "$*" >&2; exit 2; }

dry_run=0
audit=1
[ "${GONGKAI_AUDIT:-1}" = "0" ] && audit=0
target="${GONGKAI_DEPLOY_TARGET:-}"
target_arg=""

while [ $# -gt 0 ]; do
  case "$1" in
    -n|--dry-run) dry_run=1 ;;
    --no-audit) audit=0 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; [ $# -le 1 ] || usage_error "只能给出一个发布目标"; [ $# -eq 0 ] || target_arg="$1"; break ;;
    -*) usage_error "未知选项 $1" ;;
    *) [ -z "$target_arg" ] || usage_error "只能给出一个发布目标（已有 $target_arg，又给了 $1）"
       target_arg="$1" ;;
  esac
  shift
done
[ -z "$target_arg" ] || target="$target_arg"
[ -n "$target" ] || usage_error "未指定发布目标：在命令行给出，或设置环境变量 GONGKAI_DEPLOY_TARGET（例如 /var/www/zwgk/ 或 user@host:/var/www/zwgk/）"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

for tool in git rsync; do
  command -v "$tool" >/dev/null 2>&1 || die "未找到 $tool，请先安装（Debian/Ubuntu：apt-get install $tool）"
done

# 更新日期取自 git 历史：必须是完整克隆，不能是浅克隆。
git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
  || die "$repo 不是 git 仓库。请用 git clone 获取网站仓库（更新日期取自 git 历史）"
if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  die "$repo 是浅克隆（shallow clone），缺少完整的 git 历史，更新日期会出错。请执行 git fetch --unshallow，或不带 --depth 重新 git clone"
fi

# 目标：远程（host:path）或本机目录。rsync --delete 会删除目标中多余的文件，所以拒绝明显危险的目标。
case "$target" in
  [!/]*:*) remote=1 ;;
  *) remote=0 ;;
esac
if [ "$remote" -eq 0 ]; then
  local_abs="$(realpath -m -- "$target")"
  case "$local_abs" in
    /|"$repo"|"$repo/site"|"$repo/content"|"${HOME:-/nonexistent}")
      die "拒绝发布到 $target：rsync --delete 会删除其中原有的文件。请指定专用的网站目录，例如 /var/www/zwgk/" ;;
  esac
fi

# 构建日期 = 北京时间的今天：有效性（现行有效 / 已失效……）按这一天判断。
# 不使用 SOURCE_DATE_EPOCH，否则网站会一直停在那个日期。
if [ -n "${SOURCE_DATE_EPOCH+x}" ]; then
  say "忽略环境变量 SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH}：发布时按今天（北京时间）构建"
  unset SOURCE_DATE_EPOCH
fi
export TZ=Asia/Shanghai
export NO_MKDOCS_2_WARNING=1
export PYTHONDONTWRITEBYTECODE=1

# 同一仓库同一时间只运行一次（例如定时任务与手工发布碰在一起）。
if command -v flock >/dev/null 2>&1; then
  exec 9>"$(git rev-parse --absolute-git-dir)/gongkai-publish.lock"
  flock -n 9 || die "另一个发布正在运行（$repo），请稍后再试"
fi

if [ -n "${GONGKAI_PYTHON:-}" ]; then
  py="$GONGKAI_PYTHON"
else
  say "准备 Python 环境（make deps）"
  make --no-print-directory deps
  py="$repo/.venv/bin/python"
fi
"$py" -c 'import mkdocs, material, yaml' 2>/dev/null \
  || die "$py 无法导入 mkdocs / mkdocs-material / PyYAML。请先执行：$py -m pip install -r requirements.txt"

say "构建日期（北京时间）：$(date +%Y-%m-%d)；版本：$(git log -1 --format='%h %s')"

say "1/4 检查内容（python -m gongkai check）"
"$py" -m gongkai check || die "内容检查未通过，未发布。请按上面的提示修改后再发布"

say "2/4 严格构建（mkdocs build --strict）"
rm -rf site
"$py" -m mkdocs build --strict || die "构建未通过，未发布。请按上面的提示修改后再发布"
[ -f site/index.html ] || die "构建结果中没有 site/index.html，未发布"

if [ "$audit" -eq 1 ]; then
  say "3/4 无障碍检查（make audit）"
  if ! grep -q '^audit:' Makefile; then
    say "警告：Makefile 中没有 audit 目标，跳过无障碍检查"
  else
    venv="$("$py" -c 'import sys; print(sys.prefix if sys.prefix != sys.base_prefix else "")')"
    [ -n "$venv" ] || die "无障碍检查需要虚拟环境中的 Python（$py 不是）。可加 --no-audit 跳过"
    make --no-print-directory audit VENV="$venv" || die "无障碍检查未通过，未发布"
  fi
else
  say "3/4 跳过无障碍检查（--no-audit）"
fi

files="$(find site -type f | wc -l | tr -d ' ')"
# 目标文件一律可被网站服务器读取（即使本机 umask 较严）。
rsync_opts=(-a --delete "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r")
if [ "$dry_run" -eq 1 ]; then
  say "4/4 演练（--dry-run）：以下是将要复制（>f、cd）和删除（*deleting）的文件，目标不会被改动"
  rsync "${rsync_opts[@]}" --dry-run --itemize-changes site/ "$target"
  say "演练结束：共 $files 个文件，未发布到 $target"
else
  say "4/4 复制到 $target（rsync -a --delete）"
  if [ "$remote" -eq 0 ]; then
    mkdir -p -- "$target"
  fi
  rsync "${rsync_opts[@]}" site/ "$target" || die "复制到 $target 失败"
  say "发布完成：$files 个文件已复制到 $target"
fi
