import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị cục bộ với mật khẩu ngẫu nhiên (in ra một lần) nếu chưa có siêu người dùng nào."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Đã có tài khoản quản trị; không tạo thêm.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Đã tạo tài khoản quản trị cục bộ (mật khẩu chỉ hiện một lần, hãy ghi lại):"))
        self.stdout.write(f"  tên đăng nhập: {username}\n  mật khẩu:      {password}")
